package dev.steward.proxmox.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.steward.proxmox.Guest;
import dev.steward.proxmox.GuestConfig;
import dev.steward.proxmox.GuestState;
import dev.steward.proxmox.GuestType;
import dev.steward.proxmox.GuestUsage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * Reads guests: a {@code qemu}/{@code lxc} item of {@code /cluster/resources}, an item of a node's
 * {@code /qemu} or {@code /lxc} list (whose {@code vmid} was a string for containers before PVE
 * 8.2), {@code status/current}, and {@code config}. Stateless.
 */
final class GuestDecoding {
  private GuestDecoding() {}

  /** A guest of {@code /cluster/resources}; one of a node that is down has only id, vmid, node, type and status. */
  static Guest resource(GuestType type, JsonNode item) {
    int vmid = vmid(item, type);
    String node = ClusterDecoding.required(item, "node", type.apiName() + " " + vmid + " of /cluster/resources");
    return guest(type, vmid, node, item);
  }

  /** An item of {@code GET /nodes/{node}/qemu|lxc}, or the answer of {@code status/current}. */
  static Guest listItem(GuestType type, String node, JsonNode item) {
    ClusterDecoding.requireObject(item, "a " + type.apiName() + " of node " + node);
    return guest(type, vmid(item, type), node, item);
  }

  static List<Guest> list(GuestType type, String node, JsonNode data) {
    List<Guest> guests = new ArrayList<>();
    for (JsonNode item : Lenient.items(data)) {
      guests.add(listItem(type, node, item));
    }
    return guests;
  }

  /**
   * A guest's config: every key as text. The raw {@code lxc} list of {@code [key, value]} pairs
   * becomes lines {@code key: value}; any other structure is kept as its JSON.
   */
  static GuestConfig config(JsonNode data) {
    ClusterDecoding.requireObject(data, "a guest config");
    Map<String, String> values = new TreeMap<>();
    data.properties().forEach(entry -> {
      JsonNode value = entry.getValue();
      if (value.isNull()) {
        return;
      }
      if (value.isArray() && entry.getKey().equals("lxc")) {
        List<String> lines = new ArrayList<>();
        for (JsonNode pair : value) {
          lines.add(pair.isArray() && pair.size() == 2 ? pair.get(0).asText() + ": " + pair.get(1).asText() : pair.toString());
        }
        values.put(entry.getKey(), String.join("\n", lines));
      } else {
        values.put(entry.getKey(), value.isValueNode() ? value.asText() : value.toString());
      }
    });
    return new GuestConfig(values);
  }

  private static Guest guest(GuestType type, int vmid, String node, JsonNode item) {
    String status = Lenient.text(item, "status").orElse("unknown");
    GuestState state = GuestState.of(status);
    Optional<GuestUsage> usage = state == GuestState.UNKNOWN ? Optional.empty() : Optional.of(new GuestUsage(
        Lenient.decimalOr(item, "cpu", 0), Lenient.integerOr(item, "mem", 0), Lenient.integerOr(item, "disk", 0),
        Lenient.integerOr(item, "uptime", 0), Lenient.integerOr(item, "netin", 0), Lenient.integerOr(item, "netout", 0),
        Lenient.integerOr(item, "diskread", 0), Lenient.integerOr(item, "diskwrite", 0), positive(Lenient.integer(item, "pid"))));
    OptionalDouble cpus = Lenient.decimal(item, "cpus");
    if (cpus.isEmpty()) {
      cpus = Lenient.decimal(item, "maxcpu");
    }
    return new Guest(type, vmid, node, Lenient.text(item, "name").filter(n -> !n.isEmpty()), state, status,
        Lenient.flagOr(item, "template", false), tags(Lenient.textOrEmpty(item, "tags")), Lenient.text(item, "lock").filter(l -> !l.isEmpty()),
        cpus, Lenient.integer(item, "maxmem"), Lenient.integer(item, "maxdisk"), Lenient.text(item, "qmpstatus"), usage, Optional.empty());
  }

  /** The vmid: a number or a numeric string, else the number after the type in {@code id} ({@code qemu/100}). */
  private static int vmid(JsonNode item, GuestType type) {
    OptionalInt vmid = Lenient.int32(item, "vmid");
    if (vmid.isEmpty()) {
      String id = Lenient.textOrEmpty(item, "id");
      String prefix = type.apiName() + "/";
      if (id.startsWith(prefix)) {
        try {
          vmid = OptionalInt.of(Integer.parseInt(id.substring(prefix.length())));
        } catch (NumberFormatException e) {
          vmid = OptionalInt.empty();
        }
      }
    }
    if (vmid.isEmpty() || vmid.getAsInt() < 1) {
      throw new MalformedItem("a " + type.apiName() + " item has no vmid: " + ClusterDecoding.abbreviate(item));
    }
    return vmid.getAsInt();
  }

  /** PVE writes tags separated by ';' (and accepts ',' and spaces on input). */
  static List<String> tags(String text) {
    if (text.isBlank()) {
      return List.of();
    }
    return Arrays.stream(text.split("[;, ]+")).filter(t -> !t.isEmpty()).toList();
  }

  private static OptionalLong positive(OptionalLong value) {
    return value.isPresent() && value.getAsLong() > 0 ? value : OptionalLong.empty();
  }
}
