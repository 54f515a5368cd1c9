package dev.steward.node;

import dev.steward.FirewallRule;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * How a fleet's nodes are run, reached and looked after, beyond what they run.
 *
 * @param manager the id of the {@link dev.steward.ProcessManager} that runs the nodes ({@code process},
 *     {@code systemd}, ...); empty for the node kind's default one
 * @param firewall the id of the {@link dev.steward.FirewallManager} that opens their ports ({@code none},
 *     {@code ufw}); empty for the node kind's default one
 * @param protocol the protocol of each node's main port ({@link DesiredFleet#basePort})
 * @param ports more ports per node besides the main one, each named, with its own base and protocol
 * @param onDead what happens to a node whose process died: restart it, or remove it (and let the count
 *     add a new one)
 * @param cooldown the least time between two actions on the same node; zero for none
 * @param metrics where each node serves Prometheus metrics and which of them become record attributes
 */
public record FleetOptions(String manager, String firewall, FirewallRule.Protocol protocol, List<Port> ports,
    DeadNodePolicy onDead, Duration cooldown, Optional<MetricsSource> metrics) {
  /** The default manager and firewall, TCP, no more ports, dead nodes restarted, no cooldown, no metrics. */
  public static final FleetOptions DEFAULT = new FleetOptions("", "", FirewallRule.Protocol.TCP, List.of(),
      DeadNodePolicy.RESTART, Duration.ZERO, Optional.empty());

  private static final Pattern ID = Pattern.compile("[a-z][a-z0-9-]{0,40}");
  private static final Pattern PORT_NAME = Pattern.compile("[a-z][a-z0-9_]{0,30}");

  public FleetOptions {
    Objects.requireNonNull(manager, "manager");
    Objects.requireNonNull(firewall, "firewall");
    if (!manager.isEmpty() && !ID.matcher(manager).matches()) {
      throw new IllegalArgumentException("Process manager id '" + manager + "' is not valid: use an id such as process, systemd or docker");
    }
    if (!firewall.isEmpty() && !ID.matcher(firewall).matches()) {
      throw new IllegalArgumentException("Firewall id '" + firewall + "' is not valid: use an id such as none or ufw");
    }
    Objects.requireNonNull(protocol, "protocol");
    ports = ports.stream().sorted(Comparator.comparing(Port::name)).toList();
    Set<String> names = new HashSet<>();
    for (Port port : ports) {
      if (!names.add(port.name())) {
        throw new IllegalArgumentException("Port '" + port.name() + "' is named twice: give each port its own name");
      }
    }
    Objects.requireNonNull(onDead, "onDead");
    Objects.requireNonNull(cooldown, "cooldown");
    if (cooldown.isNegative()) {
      throw new IllegalArgumentException("The cooldown must not be negative, got " + cooldown);
    }
    Objects.requireNonNull(metrics, "metrics");
  }

  public FleetOptions withManager(String id) {
    return new FleetOptions(id, firewall, protocol, ports, onDead, cooldown, metrics);
  }

  public FleetOptions withFirewall(String id) {
    return new FleetOptions(manager, id, protocol, ports, onDead, cooldown, metrics);
  }

  public FleetOptions withProtocol(FirewallRule.Protocol value) {
    return new FleetOptions(manager, firewall, value, ports, onDead, cooldown, metrics);
  }

  public FleetOptions withPorts(List<Port> value) {
    return new FleetOptions(manager, firewall, protocol, value, onDead, cooldown, metrics);
  }

  public FleetOptions withOnDead(DeadNodePolicy value) {
    return new FleetOptions(manager, firewall, protocol, ports, value, cooldown, metrics);
  }

  public FleetOptions withCooldown(Duration value) {
    return new FleetOptions(manager, firewall, protocol, ports, onDead, value, metrics);
  }

  public FleetOptions withMetrics(MetricsSource value) {
    return new FleetOptions(manager, firewall, protocol, ports, onDead, cooldown, Optional.of(value));
  }

  /**
   * A named port of every node: node {@code i} gets {@code base + i - 1}, written {@code {port.NAME}}
   * in the fleet's template.
   */
  public record Port(String name, int base, FirewallRule.Protocol protocol) {
    public Port {
      Objects.requireNonNull(name, "name");
      if (!PORT_NAME.matcher(name).matches()) {
        throw new IllegalArgumentException("Port name '" + name + "' is not valid: use lowercase letters, digits and _, starting with a letter");
      }
      if (base < 1 || base > 65535) {
        throw new IllegalArgumentException("Port " + name + " has base " + base + ": use a number from 1 to 65535");
      }
      Objects.requireNonNull(protocol, "protocol");
    }
  }

  /** What happens to a node whose process is gone while its record says it runs. */
  public enum DeadNodePolicy {
    /** Start it again under the same name (the default). */
    RESTART,
    /** Remove it; the fleet's count then adds a fresh node in its place. */
    REMOVE
  }
}
