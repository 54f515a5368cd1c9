package dev.steward.proxmox;

import dev.steward.StewardException;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * A call to the Proxmox VE API failed. Each {@link Kind} has its own subclass carrying its context;
 * every one names the request ({@code GET /nodes/pve2/qemu}), says what happened and what to do,
 * and never contains a secret. {@link #isTransient()} says whether trying again later may help
 * (the client has already retried it as its {@link RetryPolicy} allows).
 */
public class ProxmoxException extends StewardException {
  private static final long serialVersionUID = 1L;

  /** What kind of failure this is; each has a subclass. */
  public enum Kind {
    /** 401: wrong, expired or missing credentials ({@link ProxmoxAuthenticationException}). */
    AUTHENTICATION(false),
    /** The user needs a second factor, which this client does not do ({@link SecondFactorRequiredException}). */
    SECOND_FACTOR(false),
    /** 403: a privilege is missing ({@link ProxmoxPermissionException}). */
    PERMISSION(false),
    /** 400: parameters refused, each with its reason ({@link ProxmoxParameterException}). */
    PARAMETERS(false),
    /** 500, 501 or another status: the server failed the call ({@link ProxmoxServerException}). */
    SERVER(false),
    /** 595, 596, 597, 599: pveproxy could not reach the node the call is for ({@link NodeUnreachableException}). */
    NODE_UNREACHABLE(true),
    /** No answer within the timeout ({@link ProxmoxTimeoutException}). */
    TIMEOUT(true),
    /** The connection failed or broke ({@link ProxmoxConnectionException}). */
    CONNECTION(true),
    /** The server's certificate is not trusted ({@link CertificateNotTrustedException}). */
    CERTIFICATE(false),
    /** The answer is not what the API returns ({@link ProxmoxResponseException}). */
    RESPONSE(false);

    private final boolean transientByDefault;

    Kind(boolean transientByDefault) {
      this.transientByDefault = transientByDefault;
    }

    boolean transientByDefault() {
      return transientByDefault;
    }
  }

  private final Kind kind;
  private final String request;
  private final int status;
  private final boolean isTransient;

  ProxmoxException(Kind kind, String request, int status, boolean isTransient, String message, Throwable cause) {
    super(message, cause);
    this.kind = Objects.requireNonNull(kind, "kind");
    this.request = Objects.requireNonNull(request, "request");
    this.status = status;
    this.isTransient = isTransient;
  }

  ProxmoxException(Kind kind, String request, int status, String message, Throwable cause) {
    this(kind, request, status, kind.transientByDefault(), message, cause);
  }

  public Kind kind() {
    return kind;
  }

  /** The request that failed, {@code GET /cluster/resources} or {@code POST /access/ticket}. */
  public String request() {
    return request;
  }

  /** The HTTP status, when the server answered. */
  public OptionalInt status() {
    return status == 0 ? OptionalInt.empty() : OptionalInt.of(status);
  }

  /** Whether the same call may succeed later: a timeout, a broken connection, a node that is down. */
  public boolean isTransient() {
    return isTransient;
  }
}
