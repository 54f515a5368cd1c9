package dev.steward.node;

import dev.steward.FirewallRule;
import dev.steward.ProcessSpec;
import dev.steward.ResourceKey;
import dev.steward.Spec;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.regex.Pattern;

/**
 * A fleet as its owner wants it: {@code count} nodes named {@code <name>-1 ... <name>-<count>} on
 * one host, each running {@code version} of a command built from a template. A fleet that runs on
 * several hosts is one {@code DesiredFleet} per host, all with the same name: a node's key holds
 * its host, so {@code web-1@a} and {@code web-1@b} are two nodes.
 *
 * <p>Template values may use {@code {name}} (the node's name), {@code {index}} (its index from 1),
 * {@code {version}}, {@code {host}}, {@code {port}} (its port, when {@code basePort} is given: node
 * {@code i} gets {@code basePort + i - 1}), {@code {port.NAME}} for each of the options' named ports
 * and {@code {metrics_port}}.
 *
 * @param name the fleet's name, which prefixes its nodes' names
 * @param host where the nodes run ({@link ResourceKey#LOCAL} for this machine)
 * @param count how many nodes are wanted, 0 or more
 * @param version the version every node should run
 * @param template the spec properties of every node, e.g. {@code command}, {@code env.MODE}
 * @param basePort the port of node 1, if the nodes listen on ports
 * @param options which managers run the nodes and open their ports, their protocols and more ports,
 *     what happens to dead nodes, the cooldown and the metrics
 */
public record DesiredFleet(String name, String host, int count, String version, Map<String, String> template,
    OptionalInt basePort, FleetOptions options) {
  /** The kind of every node's resource key. */
  public static final String NODE_KIND = "node";

  private static final Pattern FLEET_NAME = Pattern.compile("[a-z][a-z0-9-]{0,40}");

  public DesiredFleet {
    Objects.requireNonNull(name, "name");
    if (!FLEET_NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("Fleet name '" + name
          + "' is not valid: use lowercase letters, digits and '-', starting with a letter, at most 41 characters");
    }
    ResourceKey.of(NODE_KIND, name + "-1", host); // checks the host
    if (count < 0) {
      throw new IllegalArgumentException("Fleet " + name + " wants " + count + " nodes: the count must be 0 or more");
    }
    Objects.requireNonNull(version, "version");
    if (version.isBlank()) {
      throw new IllegalArgumentException("Fleet " + name + " needs a version");
    }
    template = Map.copyOf(template);
    Objects.requireNonNull(basePort, "basePort");
    if (basePort.isPresent() && (basePort.getAsInt() < 1 || basePort.getAsInt() + Math.max(count, 1) - 1 > 65535)) {
      throw new IllegalArgumentException("Fleet " + name + " with base port " + basePort.getAsInt() + " and "
          + count + " nodes needs ports beyond 1..65535");
    }
    Objects.requireNonNull(options, "options");
    for (FleetOptions.Port port : options.ports()) {
      if (port.base() + Math.max(count, 1) - 1 > 65535) {
        throw new IllegalArgumentException("Fleet " + name + "'s port " + port.name() + " with base " + port.base() + " and "
            + count + " nodes needs ports beyond 1..65535");
      }
    }
    if (options.metrics().isPresent() && options.metrics().get().port(Math.max(count, 1)) > 65535) {
      throw new IllegalArgumentException("Fleet " + name + "'s metrics port " + options.metrics().get().basePort()
          + " with " + count + " nodes needs ports beyond 1..65535");
    }
  }

  /** A fleet run by the node kind's default managers, with the {@link FleetOptions#DEFAULT default options}. */
  public DesiredFleet(String name, String host, int count, String version, Map<String, String> template, OptionalInt basePort) {
    this(name, host, count, version, template, basePort, FleetOptions.DEFAULT);
  }

  /** The same fleet on {@code other} host. */
  public DesiredFleet onHost(String other) {
    return new DesiredFleet(name, other, count, version, template, basePort, options);
  }

  /** The same fleet with {@code value} options. */
  public DesiredFleet withOptions(FleetOptions value) {
    return new DesiredFleet(name, host, count, version, template, basePort, value);
  }

  /** The key of node {@code index} (from 1). */
  public ResourceKey nodeKey(int index) {
    if (index < 1) {
      throw new IllegalArgumentException("Node indexes start at 1, got " + index);
    }
    return ResourceKey.of(NODE_KIND, name + "-" + index, host);
  }

  /**
   * The index of {@code key} in this fleet, or empty when the key is not one of this fleet's
   * node names (any index counts, also beyond {@link #count}).
   */
  public OptionalInt indexOf(ResourceKey key) {
    // Called once per record by the planner: no regex, no substring, no boxing.
    String nodeName = key.name();
    int start = name.length() + 1;
    int digits = nodeName.length() - start;
    if (digits < 1 || digits > 6 || !key.kind().equals(NODE_KIND) || !key.host().equals(host)
        || !nodeName.startsWith(name) || nodeName.charAt(name.length()) != '-' || nodeName.charAt(start) == '0') {
      return OptionalInt.empty();
    }
    int index = 0;
    for (int i = start; i < nodeName.length(); i++) {
      char c = nodeName.charAt(i);
      if (c < '0' || c > '9') {
        return OptionalInt.empty();
      }
      index = index * 10 + (c - '0');
    }
    return OptionalInt.of(index);
  }

  /** The port of node {@code index}, when the fleet has ports. */
  public OptionalInt port(int index) {
    return basePort.isPresent() ? OptionalInt.of(basePort.getAsInt() + index - 1) : OptionalInt.empty();
  }

  /** The full spec of node {@code index}: the template with its placeholders filled, the version and the port. */
  public Spec specFor(int index) {
    return specFor(nodeKey(index), index);
  }

  /** {@link #specFor(int)} for a key made already ({@code nodeKey(index)}): the planner builds many. */
  Spec specFor(ResourceKey key, int index) {
    Map<String, String> properties = new HashMap<>();
    String port = port(index).isPresent() ? Integer.toString(port(index).getAsInt()) : "";
    String metricsPort = options.metrics().map(m -> Integer.toString(m.port(index))).orElse("");
    template.forEach((property, value) -> {
      String filled = value.replace("{name}", key.name()).replace("{index}", Integer.toString(index))
          .replace("{version}", version).replace("{host}", host).replace("{port}", port).replace("{metrics_port}", metricsPort);
      for (FleetOptions.Port named : options.ports()) {
        filled = filled.replace("{port." + named.name() + "}", Integer.toString(named.base() + index - 1));
      }
      properties.put(property, filled);
    });
    properties.put(ProcessSpec.VERSION, version);
    if (!port.isEmpty()) {
      properties.put(ProcessSpec.PORT, port);
      if (options.protocol() != FirewallRule.Protocol.TCP) {
        properties.put(ProcessSpec.PROTOCOL, ProcessSpec.protocolName(options.protocol()));
      }
    }
    for (FleetOptions.Port named : options.ports()) {
      properties.put(ProcessSpec.PORTS_PREFIX + named.name(),
          (named.base() + index - 1) + "/" + ProcessSpec.protocolName(named.protocol()));
    }
    if (!options.manager().isEmpty()) {
      properties.put(ProcessSpec.MANAGER, options.manager());
    }
    if (!options.firewall().isEmpty()) {
      properties.put(ProcessSpec.FIREWALL, options.firewall());
    }
    if (!metricsPort.isEmpty()) {
      properties.put(ProcessSpec.METRICS_PORT, metricsPort);
    }
    return new Spec(key, properties);
  }
}
