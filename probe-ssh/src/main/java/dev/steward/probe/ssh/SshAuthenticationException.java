package dev.steward.probe.ssh;

import java.util.List;

/** The server accepted none of the keys or passwords offered. Names what was offered, never a secret. */
public class SshAuthenticationException extends SshConnectionException {
  private static final long serialVersionUID = 1L;

  private final String user;
  private final List<String> offered;

  public SshAuthenticationException(String host, String user, List<String> offered, String message, Throwable cause) {
    super(host, FailureReason.AUTH_FAILED, message, cause);
    this.user = user;
    this.offered = List.copyOf(offered);
  }

  /** The user the login was tried as. */
  public String user() {
    return user;
  }

  /** What was offered: identity files, "ssh-agent (N keys)", "password". */
  public List<String> offered() {
    return offered;
  }
}
