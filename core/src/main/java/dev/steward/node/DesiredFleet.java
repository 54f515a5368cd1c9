package dev.steward.node;

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
 * one host, each running {@code version} of a command built from a template.
 *
 * <p>Template values may use {@code {name}} (the node's name), {@code {index}} (its index from 1),
 * {@code {version}} and {@code {port}} (its port, when {@code basePort} is given: node {@code i} gets
 * {@code basePort + i - 1}).
 *
 * @param name the fleet's name, which prefixes its nodes' names
 * @param host where the nodes run ({@link ResourceKey#LOCAL} for this machine)
 * @param count how many nodes are wanted, 0 or more
 * @param version the version every node should run
 * @param template the spec properties of every node, e.g. {@code command}, {@code env.MODE}
 * @param basePort the port of node 1, if the nodes listen on ports
 */
public record DesiredFleet(String name, String host, int count, String version, Map<String, String> template, OptionalInt basePort) {
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
    template.forEach((property, value) -> properties.put(property,
        value.replace("{name}", key.name()).replace("{index}", Integer.toString(index))
            .replace("{version}", version).replace("{port}", port)));
    properties.put(ProcessSpec.VERSION, version);
    if (!port.isEmpty()) {
      properties.put(ProcessSpec.PORT, port);
    }
    return new Spec(key, properties);
  }
}
