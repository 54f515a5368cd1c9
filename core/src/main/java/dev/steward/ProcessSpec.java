package dev.steward;

import dev.steward.spi.support.ShellQuoting;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;

/**
 * The {@link Spec} properties a {@link ProcessManager} reads, and the environment markers that let
 * a process be recognised as a node after its manager (or the whole machine's view of it) is gone.
 *
 * <p>A process manager puts {@link #ENV_INSTANCE} and {@link #ENV_RESOURCE} into the environment
 * of every process it starts. A probe that reads the process table finds nodes by these markers
 * alone, so a process started a moment before a crash, whose pid was never written down, is still
 * seen, adopted and never duplicated.
 */
public final class ProcessSpec {
  /** The command line: words as a POSIX shell splits them (see {@link ShellQuoting#split}), never run through a shell. */
  public static final String COMMAND = "command";
  /** The working directory; optional. */
  public static final String DIRECTORY = "directory";
  /** The version the node runs, compared by the decision engine for upgrades; optional. */
  public static final String VERSION = "version";
  /** The TCP port the node listens on; optional. A manager checks it is free before starting. */
  public static final String PORT = "port";
  /** The protocol of {@link #PORT}: {@code tcp} (when absent) or {@code udp}. */
  public static final String PROTOCOL = "protocol";
  /** Properties named {@code ports.NAME} are more ports of the node, written {@code NUMBER/PROTOCOL}, e.g. {@code 19000/udp}. */
  public static final String PORTS_PREFIX = "ports.";
  /** The id of the process manager that runs the node, when not the default one. */
  public static final String MANAGER = "manager";
  /** The id of the firewall manager that opens the node's ports, when not the default one. */
  public static final String FIREWALL = "firewall";
  /** The port the node serves Prometheus metrics on, on its own host (never opened in the firewall). */
  public static final String METRICS_PORT = "metrics.port";
  /** Properties named {@code env.NAME} become environment variable {@code NAME}. */
  public static final String ENV_PREFIX = "env.";

  /** Environment marker: the {@link CoreSettings#INSTANCE} that started the process. */
  public static final String ENV_INSTANCE = "STEWARD_INSTANCE";
  /** Environment marker: {@code kind/name} of the resource the process is. */
  public static final String ENV_RESOURCE = "STEWARD_RESOURCE";

  private ProcessSpec() {}

  /**
   * The argument vector of {@code spec}'s command.
   *
   * @throws IllegalArgumentException when the spec has no command, or its quoting is broken
   */
  public static List<String> argv(Spec spec) {
    String line = spec.property(COMMAND).orElseThrow(() -> new IllegalArgumentException(
        "The spec of " + spec.key() + " has no '" + COMMAND + "' property: give the command line the node runs"));
    List<String> argv;
    try {
      argv = ShellQuoting.split(line);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("The command of " + spec.key() + " cannot be read: " + e.getMessage(), e);
    }
    if (argv.isEmpty()) {
      throw new IllegalArgumentException("The command of " + spec.key() + " is empty: give the command line the node runs");
    }
    return argv;
  }

  public static Optional<Path> directory(Spec spec) {
    return spec.property(DIRECTORY).map(Path::of);
  }

  /**
   * The port of {@code spec}, if it names one.
   *
   * @throws IllegalArgumentException when the port is not a number from 1 to 65535
   */
  public static OptionalInt port(Spec spec) {
    Optional<String> text = spec.property(PORT);
    if (text.isEmpty()) {
      return OptionalInt.empty();
    }
    try {
      int port = Integer.parseInt(text.get().trim());
      if (port >= 1 && port <= 65535) {
        return OptionalInt.of(port);
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException("The port of " + spec.key() + " is '" + Names.printable(text.get())
        + "': use a number from 1 to 65535");
  }

  /** One port of a node: {@code port} (the main one) or a name from {@code ports.NAME}. */
  public record Port(String name, int number, FirewallRule.Protocol protocol) {
    public Port {
      Objects.requireNonNull(name, "name");
      if (number < 1 || number > 65535) {
        throw new IllegalArgumentException("Port " + name + " is " + number + ": use a number from 1 to 65535");
      }
      Objects.requireNonNull(protocol, "protocol");
    }
  }

  /**
   * Every port of {@code spec}: the main one first, then the named ones by name.
   *
   * @throws IllegalArgumentException when a port or protocol cannot be read
   */
  public static List<Port> ports(Spec spec) {
    List<Port> ports = new ArrayList<>();
    OptionalInt main = port(spec);
    if (main.isPresent()) {
      ports.add(new Port(PORT, main.getAsInt(), protocol(spec, PROTOCOL, spec.property(PROTOCOL).orElse("tcp"))));
    }
    new TreeMap<>(spec.properties()).forEach((name, value) -> {
      if (name.startsWith(PORTS_PREFIX) && name.length() > PORTS_PREFIX.length()) {
        int slash = value.indexOf('/');
        String number = slash < 0 ? value : value.substring(0, slash);
        FirewallRule.Protocol protocol = protocol(spec, name, slash < 0 ? "tcp" : value.substring(slash + 1));
        try {
          ports.add(new Port(name.substring(PORTS_PREFIX.length()), Integer.parseInt(number.strip()), protocol));
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException("Property " + name + " of " + spec.key() + " is '" + Names.printable(value)
              + "': write NUMBER/PROTOCOL, e.g. 19000/udp", e);
        }
      }
    });
    return ports;
  }

  /** {@code tcp} or {@code udp}. */
  public static String protocolName(FirewallRule.Protocol protocol) {
    return protocol.name().toLowerCase(Locale.ROOT);
  }

  /**
   * The protocol {@code text} names: {@code tcp} or {@code udp}, in any case.
   *
   * @throws IllegalArgumentException naming the two, for anything else
   */
  public static FirewallRule.Protocol protocolNamed(String text) {
    return switch (text.strip().toLowerCase(Locale.ROOT)) {
      case "tcp" -> FirewallRule.Protocol.TCP;
      case "udp" -> FirewallRule.Protocol.UDP;
      default -> throw new IllegalArgumentException("protocol '" + Names.printable(text) + "' is neither tcp nor udp");
    };
  }

  private static FirewallRule.Protocol protocol(Spec spec, String property, String text) {
    try {
      return protocolNamed(text);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("Property " + property + " of " + spec.key() + ": " + e.getMessage(), e);
    }
  }

  /** The environment variables the spec asks for (without the markers). */
  public static Map<String, String> environment(Spec spec) {
    Map<String, String> env = new TreeMap<>();
    spec.properties().forEach((name, value) -> {
      if (name.startsWith(ENV_PREFIX) && name.length() > ENV_PREFIX.length()) {
        env.put(name.substring(ENV_PREFIX.length()), value);
      }
    });
    return env;
  }

  /** The value of {@link #ENV_RESOURCE} for {@code key}. */
  public static String resourceMarker(ResourceKey key) {
    return key.kind() + "/" + key.name();
  }

  /**
   * The local resource a value of {@link #ENV_RESOURCE} names: the reverse of {@link
   * #resourceMarker}. Empty when the value is not {@code kind/name} with a valid kind and name, as
   * any process may set the variable to anything.
   */
  public static Optional<ResourceKey> resourceOfMarker(String marker) {
    int slash = marker.indexOf('/');
    if (slash <= 0) {
      return Optional.empty();
    }
    try {
      return Optional.of(ResourceKey.local(marker.substring(0, slash), marker.substring(slash + 1)));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
