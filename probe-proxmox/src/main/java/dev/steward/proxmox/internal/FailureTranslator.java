package dev.steward.proxmox.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.steward.proxmox.ApiToken;
import dev.steward.proxmox.CertificateNotTrustedException;
import dev.steward.proxmox.Fingerprint;
import dev.steward.proxmox.NodeUnreachableException;
import dev.steward.proxmox.ProxmoxClientConfig;
import dev.steward.proxmox.ProxmoxConnectionException;
import dev.steward.proxmox.ProxmoxException;
import dev.steward.proxmox.ProxmoxParameterException;
import dev.steward.proxmox.ProxmoxPermissionException;
import dev.steward.proxmox.ProxmoxServerException;
import dev.steward.proxmox.ProxmoxSettings;
import dev.steward.proxmox.ProxmoxTimeoutException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLHandshakeException;

/**
 * Turns a status other than 200, or an I/O failure, into the exception of its kind, with a message
 * that says what happened to which request and what to do. Error bodies carry {@code errors} (400)
 * in every release and {@code message} only from libpve-http-server-perl 5.2.0 (PVE 8.4); before
 * that the text is only in the reason phrase, which {@code java.net.http} does not expose, so the
 * message says so. Stateless.
 */
final class FailureTranslator {
  /** pve-access-control's text: {@code Permission check failed (/vms/100, VM.Audit)}. */
  private static final Pattern PERMISSION = Pattern.compile("\\((/[^,)]*), ([^)]+)\\)");
  private static final Pattern NODE_PATH = Pattern.compile("/nodes/([^/?]+).*");
  private static final Pattern GUEST_PATH = Pattern.compile("/nodes/[^/]+/(?:qemu|lxc)/(\\d+)(?:/.*)?");
  private static final Pattern STORAGE_PATH = Pattern.compile("/nodes/[^/]+/storage/([^/?]+)(?:/.*)?");
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final ProxmoxClientConfig config;

  FailureTranslator(ProxmoxClientConfig config) {
    this.config = config;
  }

  /** The exception for an answer with {@code status} (not 200 or 401) and {@code body}, to {@code request} for {@code path}. */
  ProxmoxException status(String request, String path, int status, byte[] body) {
    Optional<JsonNode> json = json(body);
    Optional<String> message = json.flatMap(j -> Lenient.text(j, "message")).map(String::strip).filter(m -> !m.isEmpty());
    String server = config.server();
    if (status == 403) {
      return permission(request, path, message);
    }
    if (status == 400) {
      Map<String, String> errors = new TreeMap<>();
      json.map(j -> j.get("errors")).filter(JsonNode::isObject)
          .ifPresent(e -> e.properties().forEach(p -> errors.put(p.getKey(), p.getValue().isTextual() ? p.getValue().textValue().strip()
              : p.getValue().toString())));
      StringBuilder text = new StringBuilder("Proxmox at " + server + " refused the parameters of " + request + " (400)");
      if (errors.isEmpty()) {
        text.append(message.map(m -> ": " + m).orElse(""));
      } else {
        text.append(": ");
        errors.forEach((name, why) -> text.append(name).append(": ").append(why).append("; "));
        text.setLength(text.length() - 2);
      }
      return new ProxmoxParameterException(request, errors, text.toString());
    }
    if (status == 595 || status == 596 || status == 597 || status == 599) {
      Optional<String> node = node(path);
      String what = switch (status) {
        case 595 -> "no connection: the node is down or cut off";
        case 596 -> "the forwarded request timed out";
        case 597 -> "its answer broke off";
        default -> "a forwarding connection was closed";
      };
      return new NodeUnreachableException(request, status, node, "Proxmox at " + server + " could not reach "
          + node.map(n -> "node " + n).orElse("the node") + " for " + request + " (" + status + ", " + what + "). The cluster view "
          + "still lists its guests; they are unknown until it answers again.");
    }
    String reason = message.map(m -> ": " + m).orElse(status == 501
        ? ": this Proxmox release does not know the call"
        : "; this release gives the reason only in the HTTP reason phrase, which Java's HTTP client cannot read (PVE 8.4 and "
            + "later put it in the answer too); see the pveproxy log on the node (journalctl -u pveproxy)");
    return new ProxmoxServerException(request, status, message, "Proxmox at " + server + " failed " + request + " (" + status
        + ")" + reason);
  }

  /** The exception for an {@link IOException} from sending {@code request}. */
  ProxmoxException io(String request, IOException e) {
    String server = config.server();
    if (e instanceof HttpConnectTimeoutException) {
      return new ProxmoxTimeoutException(request, config.connectTimeout(), "Connecting to Proxmox at " + server + " for " + request
          + " took longer than " + seconds(config.connectTimeout().toMillis()) + " (connect timeout): check the address and that "
          + "port 8006 is open", e);
    }
    if (e instanceof HttpTimeoutException) {
      return new ProxmoxTimeoutException(request, config.requestTimeout(), "Proxmox at " + server + " did not answer " + request
          + " within " + seconds(config.requestTimeout().toMillis()) + " (request timeout)", e);
    }
    Optional<UntrustedCertificate> untrusted = cause(e, UntrustedCertificate.class);
    if (untrusted.isPresent()) {
      return certificate(request, untrusted.get(), e);
    }
    if (e instanceof SSLHandshakeException) {
      return new ProxmoxConnectionException(request, "The TLS handshake with Proxmox at " + server + " failed for " + request + ": "
          + e.getMessage(), e);
    }
    if (e instanceof ConnectException) {
      return new ProxmoxConnectionException(request, "Proxmox at " + server + " refused the connection for " + request
          + " (nothing listens there, or a firewall rejects it): " + describe(e), e);
    }
    return new ProxmoxConnectionException(request, "The connection to Proxmox at " + server + " broke during " + request + ": "
        + describe(e), e);
  }

  private CertificateNotTrustedException certificate(String request, UntrustedCertificate untrusted, IOException e) {
    String server = config.server();
    Fingerprint observed = untrusted.observed();
    String check = "GUI: Node > System > Certificates; shell: pvenode cert info";
    if (config.pinnedFingerprint().isPresent()) {
      return new CertificateNotTrustedException(request, observed, config.pinnedFingerprint(), "The certificate of Proxmox at " + server
          + " has changed: it is " + observed + ", but the pinned fingerprint (" + ProxmoxSettings.FINGERPRINT.name() + ") is "
          + config.pinnedFingerprint().get() + ". The node may have a new certificate (renewed, ACME, pvecm updatecerts), or this is "
          + "not the server you meant. Compare with the node (" + check + ") and pin the new fingerprint only if it is the same", e);
    }
    return new CertificateNotTrustedException(request, observed, config.pinnedFingerprint(), "The certificate of Proxmox at " + server
        + " is not trusted: the default trust store does not vouch for it (" + untrusted.defaultCheck() + "). Its SHA-256 "
        + "fingerprint is " + observed + ". If the node shows the same (" + check + "), pin it: "
        + ProxmoxSettings.FINGERPRINT.name() + "=" + observed + " (in code: ProxmoxClient.Builder.pin)", e);
  }

  private ProxmoxPermissionException permission(String request, String path, Optional<String> message) {
    String server = config.server();
    String who = config.credentials().principal();
    String grant = config.credentials() instanceof ApiToken
        ? "pveum acl modify / --roles PVEAuditor --tokens '" + who + "' (a token with privilege separation needs its own ACL)"
        : "pveum acl modify / --roles PVEAuditor --users '" + who + "'";
    if (message.isPresent()) {
      Matcher m = PERMISSION.matcher(message.get());
      boolean named = m.find();
      return new ProxmoxPermissionException(request, named ? Optional.of(m.group(1)) : Optional.empty(),
          named ? Optional.of(m.group(2).strip()) : Optional.empty(), named, "Proxmox at " + server + " refused " + request + " for "
          + who + " (403): " + message.get() + ". Give it the PVEAuditor role: " + grant);
    }
    Optional<String[]> needed = neededPrivilege(path);
    String needs = needed.map(n -> "this call needs " + n[1] + " on " + n[0]).orElse("this call needs a privilege of the PVEAuditor role");
    return new ProxmoxPermissionException(request, needed.map(n -> n[0]), needed.map(n -> n[1]), false, "Proxmox at " + server
        + " refused " + request + " for " + who + " (403): a privilege is missing (this release names it only in the HTTP reason "
        + "phrase, which Java's HTTP client cannot read); " + needs + ". Give it the PVEAuditor role: " + grant);
  }

  /** The ACL path and privilege a read of {@code path} is documented to need. */
  static Optional<String[]> neededPrivilege(String path) {
    Matcher guest = GUEST_PATH.matcher(path);
    if (guest.matches()) {
      return Optional.of(new String[] {"/vms/" + guest.group(1), "VM.Audit"});
    }
    Matcher storage = STORAGE_PATH.matcher(path);
    if (storage.matches()) {
      return Optional.of(new String[] {"/storage/" + storage.group(1), "Datastore.Audit"});
    }
    Optional<String> node = node(path);
    if (node.isPresent()) {
      return Optional.of(new String[] {"/nodes/" + node.get(), "Sys.Audit"});
    }
    if (path.startsWith("/cluster/")) {
      return Optional.of(new String[] {"/", "Sys.Audit"});
    }
    return Optional.empty();
  }

  static Optional<String> node(String path) {
    Matcher m = NODE_PATH.matcher(path);
    return m.matches() ? Optional.of(m.group(1)) : Optional.empty();
  }

  private static Optional<JsonNode> json(byte[] body) {
    if (body == null || body.length == 0) {
      return Optional.empty();
    }
    try {
      JsonNode node = MAPPER.readTree(body);
      return node != null && node.isObject() ? Optional.of(node) : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private static <T extends Throwable> Optional<T> cause(Throwable e, Class<T> type) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (type.isInstance(t)) {
        return Optional.of(type.cast(t));
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return Optional.empty();
  }

  private static String describe(IOException e) {
    return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " (" + e.getMessage() + ")");
  }

  static String seconds(long millis) {
    return millis % 1000 == 0 ? millis / 1000 + " s" : millis + " ms";
  }
}
