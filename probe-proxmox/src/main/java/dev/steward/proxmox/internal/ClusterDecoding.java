package dev.steward.proxmox.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.steward.proxmox.ClusterMember;
import dev.steward.proxmox.ClusterNode;
import dev.steward.proxmox.ClusterResources;
import dev.steward.proxmox.ClusterStatus;
import dev.steward.proxmox.Fingerprint;
import dev.steward.proxmox.Guest;
import dev.steward.proxmox.GuestType;
import dev.steward.proxmox.NodeState;
import dev.steward.proxmox.NodeStatus;
import dev.steward.proxmox.NodeUsage;
import dev.steward.proxmox.PveVersion;
import dev.steward.proxmox.StoragePool;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads the cluster-wide answers and a node's status: {@code /version}, {@code /cluster/status},
 * {@code /cluster/resources}, {@code /nodes}, {@code /nodes/{n}/status}. Lenient as
 * {@link Lenient}; unknown resource types are skipped. Stateless.
 */
final class ClusterDecoding {
  private ClusterDecoding() {}

  static PveVersion version(JsonNode data) {
    requireObject(data, "the version");
    return new PveVersion(Lenient.textOrEmpty(data, "version"), Lenient.textOrEmpty(data, "release"),
        Lenient.textOrEmpty(data, "repoid"));
  }

  static ClusterStatus clusterStatus(JsonNode data) {
    Optional<String> name = Optional.empty();
    Optional<Boolean> quorate = Optional.empty();
    List<ClusterMember> members = new ArrayList<>();
    for (JsonNode item : Lenient.items(data)) {
      String type = Lenient.textOrEmpty(item, "type");
      if (type.equals("cluster")) {
        name = Lenient.text(item, "name");
        quorate = Lenient.flag(item, "quorate");
      } else if (type.equals("node")) {
        String node = required(item, "name", "a node of /cluster/status");
        members.add(new ClusterMember(node, Lenient.int32(item, "nodeid").orElse(0), Lenient.text(item, "ip"),
            Lenient.flagOr(item, "online", false), Lenient.flagOr(item, "local", false)));
      }
    }
    members.sort((a, b) -> a.name().compareTo(b.name()));
    return new ClusterStatus(name, quorate, members);
  }

  static ClusterResources clusterResources(JsonNode data) {
    List<ClusterNode> nodes = new ArrayList<>();
    List<Guest> guests = new ArrayList<>();
    List<StoragePool> storages = new ArrayList<>();
    for (JsonNode item : Lenient.items(data)) {
      String type = Lenient.textOrEmpty(item, "type");
      if (type.equals("node")) {
        nodes.add(node(item));
      } else if (type.equals("storage")) {
        storages.add(StorageDecoding.resource(item));
      } else {
        Optional<GuestType> guestType = GuestType.of(type);
        if (guestType.isPresent()) {
          guests.add(GuestDecoding.resource(guestType.get(), item));
        }
      }
    }
    return new ClusterResources(nodes, guests, storages);
  }

  /** {@code GET /nodes}. */
  static List<ClusterNode> nodes(JsonNode data) {
    List<ClusterNode> nodes = new ArrayList<>();
    for (JsonNode item : Lenient.items(data)) {
      nodes.add(node(item));
    }
    return nodes;
  }

  /** An item of {@code /nodes} or a {@code node} item of {@code /cluster/resources}. */
  private static ClusterNode node(JsonNode item) {
    String name = required(item, "node", "a node");
    NodeState state = NodeState.of(Lenient.textOrEmpty(item, "status"));
    Optional<Fingerprint> fingerprint = Lenient.text(item, "ssl_fingerprint").flatMap(ClusterDecoding::fingerprint);
    Optional<NodeUsage> usage = state == NodeState.ONLINE && item.has("maxmem")
        ? Optional.of(new NodeUsage(Lenient.decimalOr(item, "cpu", 0), (int) Lenient.integerOr(item, "maxcpu", 0),
            Lenient.integerOr(item, "mem", 0), Lenient.integerOr(item, "maxmem", 0), Lenient.integerOr(item, "disk", 0),
            Lenient.integerOr(item, "maxdisk", 0), Lenient.integerOr(item, "uptime", 0)))
        : Optional.empty();
    return new ClusterNode(name, state, Optional.empty(), fingerprint, usage, Optional.empty());
  }

  /** {@code GET /nodes/{node}/status}. */
  static NodeStatus nodeStatus(String node, JsonNode data) {
    requireObject(data, "the status of node " + node);
    List<Double> load = new ArrayList<>();
    JsonNode loadavg = data.get("loadavg");
    if (loadavg != null && loadavg.isArray()) {
      for (JsonNode value : loadavg) {
        load.add(value.isNumber() ? value.doubleValue() : parse(value.asText()));
      }
    }
    JsonNode cpu = object(data, "cpuinfo");
    JsonNode memory = object(data, "memory");
    JsonNode rootfs = object(data, "rootfs");
    return new NodeStatus(node, Lenient.textOrEmpty(data, "pveversion"), Lenient.textOrEmpty(data, "kversion"), load,
        Lenient.textOrEmpty(cpu, "model"), (int) Lenient.integerOr(cpu, "cpus", 0), Lenient.decimalOr(cpu, "mhz", 0),
        Lenient.integerOr(memory, "total", 0), Lenient.integerOr(memory, "used", 0), Lenient.integerOr(rootfs, "total", 0),
        Lenient.integerOr(rootfs, "used", 0), Lenient.integerOr(data, "uptime", 0), Lenient.text(object(data, "boot-info"), "mode"));
  }

  private static Optional<Fingerprint> fingerprint(String text) {
    try {
      return Optional.of(Fingerprint.parse(text));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private static JsonNode object(JsonNode data, String field) {
    JsonNode value = data.get(field);
    return value != null && value.isObject() ? value : MissingNode.getInstance();
  }

  private static double parse(String text) {
    try {
      return Double.parseDouble(text.strip());
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  static void requireObject(JsonNode data, String what) {
    if (data == null || !data.isObject()) {
      throw new MalformedItem(what + " is not a JSON object");
    }
  }

  static String required(JsonNode item, String field, String what) {
    return Lenient.text(item, field).filter(s -> !s.isEmpty())
        .orElseThrow(() -> new MalformedItem(what + " has no '" + field + "': " + abbreviate(item)));
  }

  static String abbreviate(JsonNode item) {
    String text = String.valueOf(item);
    return text.length() > 200 ? text.substring(0, 200) + "..." : text;
  }
}
