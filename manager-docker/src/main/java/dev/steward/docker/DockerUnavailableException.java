package dev.steward.docker;

import dev.steward.TransportException;
import java.util.Objects;

/**
 * The docker command on a host cannot reach a Docker engine, or is not there: what runs on the
 * host is then unknown, not absent (so this is a {@link TransportException}). The message says
 * which, and what to do.
 */
public class DockerUnavailableException extends TransportException {
  private static final long serialVersionUID = 1L;

  /** Why Docker cannot be used on the host. */
  public enum Reason {
    /** No Docker daemon answers on the socket the docker command uses. */
    DAEMON_NOT_RUNNING,
    /** The daemon's socket refuses the transport's user: it is not root and not in the docker group. */
    PERMISSION_DENIED,
    /** There is no docker command on the host. */
    NO_DOCKER_COMMAND
  }

  private final Reason reason;

  public DockerUnavailableException(String host, Reason reason, String message, Throwable cause) {
    super(host, message, cause);
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  public Reason reason() {
    return reason;
  }
}
