package dev.steward.examples.forward;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One forward: connections to {@code 127.0.0.1:localPort} are relayed to {@code targetHost:targetPort}.
 * Written {@code ID=LOCALPORT:HOST:PORT}, e.g. {@code web=8080:127.0.0.1:80}.
 */
public record ForwardSpec(String id, int localPort, String targetHost, int targetPort) {
  private static final Pattern TEXT = Pattern.compile("([a-z0-9][a-z0-9-]{0,62})=(\\d{1,5}):([A-Za-z0-9.-]{1,253}):(\\d{1,5})");

  public ForwardSpec {
    if (localPort < 1 || localPort > 65535 || targetPort < 1 || targetPort > 65535) {
      throw new IllegalArgumentException("Ports are between 1 and 65535 (forward '" + id + "')");
    }
  }

  /** @throws IllegalArgumentException saying how to write one */
  public static ForwardSpec parse(String text) {
    Matcher m = TEXT.matcher(text);
    if (!m.matches()) {
      throw new IllegalArgumentException("'" + text + "' is not a forward; write ID=LOCALPORT:HOST:PORT, e.g. web=8080:127.0.0.1:80");
    }
    return new ForwardSpec(m.group(1), Integer.parseInt(m.group(2)), m.group(3), Integer.parseInt(m.group(4)));
  }

  @Override
  public String toString() {
    return id + "=" + localPort + ":" + targetHost + ":" + targetPort;
  }
}
