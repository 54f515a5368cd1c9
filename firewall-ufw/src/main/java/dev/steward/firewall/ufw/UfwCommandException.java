package dev.steward.firewall.ufw;

import dev.steward.StewardException;
import java.util.Objects;

/**
 * A ufw command failed on a host, or answered in a way the manager does not know. The message names
 * the host, the command and what ufw said.
 */
public final class UfwCommandException extends StewardException {
  private static final long serialVersionUID = 1L;

  private final String host;
  private final String command;

  public UfwCommandException(String host, String command, String problem) {
    super("'" + command + "' failed on " + host + ": " + problem);
    this.host = Objects.requireNonNull(host, "host");
    this.command = Objects.requireNonNull(command, "command");
  }

  /** Where the command ran. */
  public String host() {
    return host;
  }

  /** The command as a person would type it. */
  public String command() {
    return command;
  }
}
