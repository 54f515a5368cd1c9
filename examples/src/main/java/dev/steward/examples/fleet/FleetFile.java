package dev.steward.examples.fleet;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.steward.ActionType;
import dev.steward.FirewallRule;
import dev.steward.ProcessSpec;
import dev.steward.ResourceKey;
import dev.steward.Setting;
import dev.steward.node.DesiredFleet;
import dev.steward.node.FleetOptions;
import dev.steward.node.MetricsSource;
import dev.steward.node.PlanPolicy;
import dev.steward.node.Thresholds;
import dev.steward.plan.Budgets;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * Reads fleet files. YAML unless the name ends in {@code .json}. Strict: an unknown field, a
 * duplicate key, a wrong type or a bad value is an error that names the line, the field and what
 * to write instead. Thread-safe.
 *
 * <pre>
 * fleets:
 *   - name: web               # nodes are web-1, web-2, ...
 *     count: 3
 *     version: "1.0"
 *     command: java -cp steward.jar dev.steward.examples.fleet.DemoNode --port {port} --version {version}
 *     base_port: 18080        # optional: node i listens on base_port + i - 1
 *     protocol: tcp           # optional, the main port's protocol: tcp (default) or udp
 *     ports: {rpc: 19080/tcp} # optional more ports per node, as {port.rpc} in the command
 *     host: local             # optional, default local; or
 *     # hosts: [local, web2.example.com, "10.0.0.7:2222"]  # count nodes on each (names from ~/.ssh/config work)
 *     manager: process        # optional process manager id: process (default), systemd, ...
 *     firewall: none          # optional firewall id: none (default) or ufw
 *     on_dead: restart        # optional: restart (default) or remove a node whose process died
 *     cooldown: 30s           # optional least time between two actions on one node (default 30s; 0s for none)
 *     metrics:                # optional: scrape each node's Prometheus page for the node selectors
 *       base_port: 19100      # node i serves on base_port + i - 1, on its own host
 *       path: /metrics        # optional, default /metrics
 *       attributes: {records: node_records_stored, shunned: node_peers_shunned}
 *     image: busybox:1.36     # the image, for manager: docker (then command is optional)
 *     nodes_per_container: 2  # optional, manager: docker: node processes per container, each under a
 *                             # supervisor on the host's network (default 1: a container per node)
 *     properties: {memory-max: 256M}  # optional more spec properties a manager reads
 *     directory: /srv/web     # optional working directory
 *     env: {MODE: demo}       # optional environment
 * policy:                     # optional
 *   budgets: {add: 2, remove: 1, upgrade: 1, start: 4}
 *   # thresholds: none        # no host thresholds at all
 *   thresholds: {cpu_add_below: 80, cpu_remove_above: 95, memory_add_below: 80, memory_remove_above: 95,
 *                disk_free_add_above: 20, disk_free_crisis_below: 5, load_per_cpu_add_below: 1.5,
 *                load_per_cpu_remove_above: 4}
 * selector: youngest          # optional NodeSelector id
 * interval: 5s                # optional, between daemon passes
 * </pre>
 */
public final class FleetFile {
  /**
   * A node that starts and dies a few seconds later is no failed start, so it gets no backoff: the
   * cooldown keeps it from being restarted on every pass.
   */
  static final Duration DEFAULT_COOLDOWN = Duration.ofSeconds(30);
  /** The spec property of a container's image (the docker manager's {@code DockerSpec.IMAGE}). */
  static final String IMAGE = "image";
  /**
   * The spec properties of packing (the docker manager's {@code DockerSpec.PACK_SIZE}, {@code
   * PACK_GROUP} and {@code PACK_INDEX}): node i of a fleet packed N to a container lives in pack
   * (i - 1) / N + 1 of the group named after the fleet.
   */
  static final String PACK_SIZE = "pack.size";
  static final String PACK_GROUP = "pack.group";
  static final String PACK_INDEX = "pack.index";
  /** Spec properties a fleet sets through fields of their own. */
  private static final Set<String> RESERVED = Set.of(ProcessSpec.COMMAND, ProcessSpec.DIRECTORY, ProcessSpec.VERSION, ProcessSpec.PORT,
      ProcessSpec.PROTOCOL, ProcessSpec.MANAGER, ProcessSpec.FIREWALL, ProcessSpec.METRICS_PORT, IMAGE, PACK_SIZE, PACK_GROUP, PACK_INDEX);
  private static final Setting<Duration> COOLDOWN = Setting.duration("steward.fleet.cooldown", "least time between two actions on one node");
  private static final Setting<Duration> DURATION = Setting.duration("steward.fleet.interval", "time between passes");

  private FleetFile() {}

  public static FleetConfig read(Path file) {
    String text;
    try {
      text = Files.readString(file);
    } catch (NoSuchFileException e) {
      throw new FleetFileException(file, 0, 0, "", "no such file; give the path of a fleet file (YAML or JSON)", e);
    } catch (IOException e) {
      throw new FleetFileException(file, 0, 0, "", "cannot be read: " + e.getMessage(), e);
    }
    return parse(file, text);
  }

  /** Reads {@code text} as the contents of {@code file} (whose name decides YAML or JSON). */
  public static FleetConfig parse(Path file, String text) {
    boolean json = file.getFileName() != null && file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".json");
    ObjectMapper mapper = (json ? JsonMapper.builder() : YAMLMapper.builder(new YAMLFactory()))
        .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
        .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
        .enable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
        .build();
    if (text.isBlank()) {
      throw new FleetFileException(file, 0, 0, "", "the file is empty; it needs at least 'fleets:'", null);
    }
    FileDocument document;
    try {
      document = mapper.readValue(text, FileDocument.class);
    } catch (UnrecognizedPropertyException e) {
      throw error(file, e, "unknown field '" + e.getPropertyName() + "'" + suggestion(e.getPropertyName(), e.getKnownPropertyIds()));
    } catch (JsonMappingException e) {
      Throwable cause = e.getCause();
      String problem = cause instanceof IllegalArgumentException ? cause.getMessage() : e.getOriginalMessage();
      throw error(file, e, problem);
    } catch (JsonProcessingException e) {
      throw error(file, e, e.getOriginalMessage());
    }
    if (document == null) {
      throw new FleetFileException(file, 0, 0, "", "the file is empty; it needs at least 'fleets:'", null);
    }
    try {
      return document.toConfig(file, i -> entryLine(mapper, text, i));
    } catch (IllegalArgumentException e) {
      throw new FleetFileException(file, 0, 0, "policy", e.getMessage(), e);
    }
  }

  /** The line where entry {@code index} of {@code fleets} starts, 0 when it cannot be found. */
  private static int entryLine(ObjectMapper mapper, String text, int index) {
    try (com.fasterxml.jackson.core.JsonParser parser = mapper.getFactory().createParser(text)) {
      if (parser.nextToken() != com.fasterxml.jackson.core.JsonToken.START_OBJECT) {
        return 0;
      }
      while (parser.nextToken() == com.fasterxml.jackson.core.JsonToken.FIELD_NAME) {
        boolean fleets = "fleets".equals(parser.currentName());
        com.fasterxml.jackson.core.JsonToken value = parser.nextToken();
        if (fleets && value == com.fasterxml.jackson.core.JsonToken.START_ARRAY) {
          for (int i = 0; parser.nextToken() != com.fasterxml.jackson.core.JsonToken.END_ARRAY; i++) {
            if (i == index) {
              return parser.currentLocation().getLineNr();
            }
            parser.skipChildren();
          }
          return 0;
        }
        parser.skipChildren();
      }
    } catch (IOException e) {
      return 0;
    }
    return 0;
  }

  private static FleetFileException error(Path file, JsonProcessingException e, String problem) {
    JsonLocation location = e.getLocation();
    String field = e instanceof JsonMappingException m ? fieldPath(m.getPath()) : "";
    return new FleetFileException(file, location == null ? 0 : location.getLineNr(),
        location == null ? 0 : location.getColumnNr(), field, firstLine(problem), e);
  }

  private static String fieldPath(List<JsonMappingException.Reference> path) {
    StringBuilder out = new StringBuilder();
    for (JsonMappingException.Reference reference : path) {
      if (reference.getFieldName() != null) {
        out.append(out.length() == 0 ? "" : ".").append(reference.getFieldName());
      } else if (reference.getIndex() >= 0) {
        out.append('[').append(reference.getIndex()).append(']');
      }
    }
    return out.toString();
  }

  private static String firstLine(String text) {
    if (text == null) {
      return "not valid";
    }
    int newline = text.indexOf('\n');
    return newline < 0 ? text : text.substring(0, newline);
  }

  private static String suggestion(String name, Collection<Object> known) {
    List<String> names = new ArrayList<>();
    known.forEach(candidate -> names.add(String.valueOf(candidate)));
    names.sort(null);
    return dev.steward.spi.support.Suggestions.closest(name, names, 2).map(best -> "; did you mean '" + best + "'?").orElse("")
        + " The fields here are: " + String.join(", ", names);
  }

  /**
   * The file as written. Fields are set one by one as the parser meets them, so an unknown field or
   * a bad value is reported at its own line; what needs several fields is checked in {@link #toConfig}.
   */
  static final class FileDocument {
    @JsonProperty("fleets")
    List<FleetEntry> fleets;

    @JsonProperty("policy")
    PolicyEntry policy;

    @JsonProperty("selector")
    String selector;

    Duration interval = Duration.ofSeconds(5);

    @JsonSetter("interval")
    void interval(String text) {
      Duration parsed = DURATION.parse(text);
      if (parsed.isNegative() || parsed.isZero()) {
        throw new IllegalArgumentException("the interval must be positive, e.g. 5s");
      }
      interval = parsed;
    }

    FleetConfig toConfig(Path file, java.util.function.IntUnaryOperator lines) {
      if (fleets == null) {
        throw new FleetFileException(file, 0, 0, "fleets",
            "'fleets' is missing: list the fleets, each with name, count, version and command", null);
      }
      List<DesiredFleet> desired = new ArrayList<>();
      Set<String> names = new HashSet<>();
      for (int i = 0; i < fleets.size(); i++) {
        FleetEntry entry = fleets.get(i);
        String at = "fleets[" + i + "]";
        if (entry == null) {
          throw new FleetFileException(file, 0, 0, at, "empty entry; each fleet needs name, count, version and command", null);
        }
        List<DesiredFleet> perHost;
        try {
          perHost = entry.fleets();
        } catch (IllegalArgumentException e) {
          throw new FleetFileException(file, lines.applyAsInt(i), 0, at, e.getMessage(), e);
        }
        if (!names.add(perHost.get(0).name())) {
          throw new FleetFileException(file, lines.applyAsInt(i), 0, at + ".name",
              "two fleets are named '" + perHost.get(0).name() + "'; fleet names must be unique (list several hosts in one fleet's 'hosts')", null);
        }
        desired.addAll(perHost);
      }
      PlanPolicy planPolicy = policy == null ? PlanPolicy.DEFAULT
          : new PlanPolicy(policy.thresholds == null ? Thresholds.DEFAULT : policy.thresholds.thresholds(), policy.budgets);
      return new FleetConfig(desired, planPolicy, Optional.ofNullable(selector), interval);
    }
  }

  /** One fleet as written. */
  static final class FleetEntry {
    @JsonProperty("name")
    String name;

    Integer count;

    @JsonProperty("version")
    String version;

    @JsonProperty("command")
    String command;

    Integer basePort;

    @JsonProperty("host")
    String host;

    @JsonProperty("hosts")
    List<String> hosts;

    @JsonProperty("manager")
    String manager;

    @JsonProperty("firewall")
    String firewall;

    FirewallRule.Protocol protocol = FirewallRule.Protocol.TCP;

    List<FleetOptions.Port> ports = List.of();

    FleetOptions.DeadNodePolicy onDead = FleetOptions.DeadNodePolicy.RESTART;

    Duration cooldown = DEFAULT_COOLDOWN;

    @JsonProperty("metrics")
    MetricsEntry metrics;

    @JsonProperty("image")
    String image;

    @JsonProperty("nodes_per_container")
    Integer nodesPerContainer;

    Map<String, String> properties = Map.of();

    @JsonSetter("properties")
    void properties(Map<String, String> value) {
      value.keySet().forEach(property -> {
        if (!property.matches("[a-z][a-z0-9.-]{0,60}")) {
          throw new IllegalArgumentException("property name '" + property + "' is not valid: use lowercase letters, digits, '.' and '-',"
              + " e.g. memory-max");
        }
      });
      properties = new LinkedHashMap<>(value);
    }

    @JsonSetter("protocol")
    void protocol(String value) {
      protocol = ProcessSpec.protocolNamed(value);
    }

    @JsonSetter("ports")
    void ports(Map<String, String> value) {
      List<FleetOptions.Port> named = new ArrayList<>();
      value.forEach((name, text) -> {
        String written = text == null ? "" : text.strip();
        int slash = written.indexOf('/');
        int base;
        try {
          base = Integer.parseInt(slash < 0 ? written : written.substring(0, slash));
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException("port " + name + " is '" + written + "': write BASE/PROTOCOL, e.g. 19080/tcp");
        }
        named.add(new FleetOptions.Port(name, base, ProcessSpec.protocolNamed(slash < 0 ? "tcp" : written.substring(slash + 1))));
      });
      ports = named;
    }

    @JsonSetter("on_dead")
    void onDead(String value) {
      onDead = switch (value == null ? "" : value.strip()) {
        case "restart" -> FleetOptions.DeadNodePolicy.RESTART;
        case "remove" -> FleetOptions.DeadNodePolicy.REMOVE;
        default -> throw new IllegalArgumentException("on_dead is 'restart' or 'remove', not '" + value + "'");
      };
    }

    @JsonSetter("cooldown")
    void cooldown(String value) {
      Duration parsed = COOLDOWN.parse(value);
      if (parsed.isNegative()) {
        throw new IllegalArgumentException("the cooldown must not be negative, e.g. 10s");
      }
      cooldown = parsed;
    }

    @JsonProperty("directory")
    String directory;

    Map<String, String> env = Map.of();

    @JsonSetter("count")
    void count(int value) {
      if (value < 0) {
        throw new IllegalArgumentException("a fleet wants 0 or more nodes, got " + value);
      }
      count = value;
    }

    @JsonSetter("base_port")
    void basePort(int value) {
      if (value < 1 || value > 65535) {
        throw new IllegalArgumentException("a port is a number from 1 to 65535, got " + value);
      }
      basePort = value;
    }

    @JsonSetter("env")
    void env(Map<String, String> value) {
      value.forEach((variable, text) -> {
        if (!variable.matches("[A-Za-z_][A-Za-z0-9_]*")) {
          throw new IllegalArgumentException("environment variable name '" + variable + "' is not valid: use letters, digits and _");
        }
      });
      env = new LinkedHashMap<>(value);
    }

    /** The fleet once per host it names. */
    List<DesiredFleet> fleets() {
      if (host != null && hosts != null) {
        throw new IllegalArgumentException("give either 'host' or 'hosts', not both");
      }
      List<String> where = hosts != null ? hosts : List.of(host == null ? ResourceKey.LOCAL : host);
      if (where.isEmpty()) {
        throw new IllegalArgumentException("'hosts' is empty: name at least one host, e.g. [local]");
      }
      if (new HashSet<>(where).size() != where.size()) {
        throw new IllegalArgumentException("'hosts' names a host twice: " + where);
      }
      DesiredFleet first = fleet(where.get(0));
      List<DesiredFleet> all = new ArrayList<>();
      for (String each : where) {
        if (each == null || each.isBlank()) {
          throw new IllegalArgumentException("'hosts' has an empty entry");
        }
        all.add(first.onHost(each));
      }
      return all;
    }

    private DesiredFleet fleet(String where) {
      requireText(name, "name", "the fleet's name, e.g. web");
      if (count == null) {
        throw new IllegalArgumentException("'count' is missing: give how many nodes fleet " + name + " wants, 0 or more");
      }
      Map<String, String> template = new LinkedHashMap<>();
      if (image != null) {
        template.put(IMAGE, requireText(image, "image", "the image each container of " + name + " runs, e.g. busybox:1.36"));
      } else if ("docker".equals(manager)) {
        throw new IllegalArgumentException("'image' is missing: a fleet run by the docker manager names the image its containers run");
      }
      if (nodesPerContainer != null && nodesPerContainer != 1) {
        if (nodesPerContainer < 1 || nodesPerContainer > 64) {
          throw new IllegalArgumentException("'nodes_per_container' is " + nodesPerContainer + ": give a number from 1 to 64");
        }
        if (!"docker".equals(manager)) {
          throw new IllegalArgumentException("'nodes_per_container' packs nodes into containers: it needs 'manager: docker'"
              + (manager == null ? "" : ", not " + manager));
        }
        template.put(PACK_SIZE, Integer.toString(nodesPerContainer));
        template.put(PACK_GROUP, name);
        template.put(PACK_INDEX, "{index}");
      }
      if (command != null || image == null) {
        // A container may run its image's own command; anything else needs one.
        template.put(ProcessSpec.COMMAND, requireText(command, "command", "the command line each node of " + name + " runs"));
      }
      properties.forEach((property, value) -> {
        if (template.containsKey(property) || property.startsWith(ProcessSpec.ENV_PREFIX) || property.startsWith(ProcessSpec.PORTS_PREFIX)
            || RESERVED.contains(property)) {
          throw new IllegalArgumentException("property '" + property + "' is set by a field of its own (command, image, directory,"
              + " env, ports, manager, firewall, metrics, nodes_per_container); give it there");
        }
        template.put(property, value == null ? "" : value);
      });
      if (directory != null) {
        template.put(ProcessSpec.DIRECTORY, directory);
      }
      env.forEach((variable, value) -> template.put(ProcessSpec.ENV_PREFIX + variable, value == null ? "" : value));
      FleetOptions options = FleetOptions.DEFAULT.withManager(manager == null ? "" : manager.strip())
          .withFirewall(firewall == null ? "" : firewall.strip()).withProtocol(protocol).withPorts(ports)
          .withOnDead(onDead).withCooldown(cooldown);
      if (metrics != null) {
        options = options.withMetrics(metrics.source());
      }
      DesiredFleet fleet = new DesiredFleet(name, where, count,
          requireText(version, "version", "the version fleet " + name + " runs, e.g. \"1.0\""),
          template, basePort == null ? OptionalInt.empty() : OptionalInt.of(basePort), options);
      // The command must be readable now, not when the first node starts.
      if (template.containsKey(ProcessSpec.COMMAND)) {
        ProcessSpec.argv(fleet.specFor(1));
      }
      return fleet;
    }

    private static String requireText(String value, String field, String what) {
      if (value == null || value.isBlank()) {
        throw new IllegalArgumentException("'" + field + "' is missing: give " + what);
      }
      return value;
    }
  }

  /** Where a fleet's nodes serve metrics, as written. */
  static final class MetricsEntry {
    Integer basePort;

    @JsonProperty("path")
    String path = "/metrics";

    @JsonProperty("attributes")
    Map<String, String> attributes;

    @JsonSetter("base_port")
    void basePort(int value) {
      if (value < 1 || value > 65535) {
        throw new IllegalArgumentException("a port is a number from 1 to 65535, got " + value);
      }
      basePort = value;
    }

    MetricsSource source() {
      if (basePort == null) {
        throw new IllegalArgumentException("'metrics.base_port' is missing: give the port node 1 serves its metrics on");
      }
      if (attributes == null || attributes.isEmpty()) {
        throw new IllegalArgumentException("'metrics.attributes' is missing: map record attributes to metric names,"
            + " e.g. {records: node_records_stored}");
      }
      return new MetricsSource(basePort, path, attributes);
    }
  }

  /** The policy as written. */
  static final class PolicyEntry {
    Budgets budgets = Budgets.standard();

    @JsonProperty("thresholds")
    ThresholdsEntry thresholds;

    @JsonSetter("budgets")
    void budgets(Map<String, Integer> value) {
      Budgets result = Budgets.standard();
      for (Map.Entry<String, Integer> budget : value.entrySet()) {
        ActionType type;
        try {
          type = ActionType.valueOf(budget.getKey().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException("unknown action '" + budget.getKey() + "' in budgets; use add, remove, upgrade, start, stop or restart");
        }
        if (budget.getValue() == null || budget.getValue() < 1) {
          throw new IllegalArgumentException("the budget for " + budget.getKey() + " must be a number, 1 or more");
        }
        result = result.with(type, budget.getValue());
      }
      budgets = result;
    }
  }

  /** Thresholds as written; a missing one keeps its default; {@code none} turns them all off. */
  static final class ThresholdsEntry {
    private boolean none;

    ThresholdsEntry() {}

    @com.fasterxml.jackson.annotation.JsonCreator(mode = com.fasterxml.jackson.annotation.JsonCreator.Mode.DELEGATING)
    static ThresholdsEntry named(String name) {
      if (!"none".equals(name)) {
        throw new IllegalArgumentException("thresholds are 'none' or a map of figures such as cpu_add_below: 80, not '" + name + "'");
      }
      ThresholdsEntry entry = new ThresholdsEntry();
      entry.none = true;
      return entry;
    }

    @JsonProperty("cpu_add_below")
    Double cpuAdd;
    @JsonProperty("cpu_remove_above")
    Double cpuRemove;
    @JsonProperty("memory_add_below")
    Double memoryAdd;
    @JsonProperty("memory_remove_above")
    Double memoryRemove;
    @JsonProperty("disk_free_add_above")
    Double diskAdd;
    @JsonProperty("disk_free_crisis_below")
    Double diskCrisis;
    @JsonProperty("load_per_cpu_add_below")
    Double loadAdd;
    @JsonProperty("load_per_cpu_remove_above")
    Double loadRemove;

    Thresholds thresholds() {
      if (none) {
        return Thresholds.NONE;
      }
      Thresholds d = Thresholds.DEFAULT;
      return new Thresholds(
          or(cpuAdd, d.cpuAddBelow()), or(cpuRemove, d.cpuRemoveAbove()),
          or(memoryAdd, d.memoryAddBelow()), or(memoryRemove, d.memoryRemoveAbove()),
          or(diskAdd, d.diskFreeAddAbove()), or(diskCrisis, d.diskFreeCrisisBelow()),
          or(loadAdd, d.loadPerCpuAddBelow()), or(loadRemove, d.loadPerCpuRemoveAbove()));
    }

    private static double or(Double value, double fallback) {
      return value == null ? fallback : value;
    }
  }
}
