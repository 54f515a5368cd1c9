package dev.steward.docker;

import dev.steward.StewardException;
import java.util.Objects;

/**
 * A container of the name Steward would give a node exists on the host, and Steward did not make
 * it (it lacks Steward's labels, or they name another instance or resource). Steward never
 * changes, stops or removes such a container: remove or rename it, or give the node another name.
 */
public class ForeignContainerException extends StewardException {
  private static final long serialVersionUID = 1L;

  private final String host;
  private final String container;

  public ForeignContainerException(String host, String container, String message) {
    super(message);
    this.host = Objects.requireNonNull(host, "host");
    this.container = Objects.requireNonNull(container, "container");
  }

  /** The host the container is on. */
  public String host() {
    return host;
  }

  /** The container's name, e.g. {@code steward-main-node-web1}. */
  public String container() {
    return container;
  }
}
