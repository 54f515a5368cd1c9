package dev.steward.proxmox.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.steward.proxmox.StoragePool;
import dev.steward.proxmox.StorageState;
import dev.steward.proxmox.StorageVolume;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Reads storages: a {@code storage} item of {@code /cluster/resources}, an item of a node's
 * {@code /storage} list, and the volumes of {@code /storage/{s}/content}. Stateless.
 */
final class StorageDecoding {
  private StorageDecoding() {}

  /** A storage of {@code /cluster/resources}: {@code status} is {@code available} or {@code unknown}. */
  static StoragePool resource(JsonNode item) {
    String storage = ClusterDecoding.required(item, "storage", "a storage of /cluster/resources");
    String node = ClusterDecoding.required(item, "node", "storage " + storage + " of /cluster/resources");
    StorageState state = Lenient.textOrEmpty(item, "status").equals("available") ? StorageState.AVAILABLE : StorageState.UNKNOWN;
    OptionalLong total = state == StorageState.AVAILABLE ? Lenient.integer(item, "maxdisk") : OptionalLong.empty();
    OptionalLong used = state == StorageState.AVAILABLE ? Lenient.integer(item, "disk") : OptionalLong.empty();
    OptionalLong available = total.isPresent() && used.isPresent()
        ? OptionalLong.of(total.getAsLong() - used.getAsLong()) : OptionalLong.empty();
    return new StoragePool(storage, node, Lenient.textOrEmpty(item, "plugintype"), content(Lenient.textOrEmpty(item, "content")),
        Lenient.flagOr(item, "shared", false), state, total, used, available);
  }

  /** {@code GET /nodes/{node}/storage}. */
  static List<StoragePool> list(String node, JsonNode data) {
    List<StoragePool> pools = new ArrayList<>();
    for (JsonNode item : Lenient.items(data)) {
      String storage = ClusterDecoding.required(item, "storage", "a storage of node " + node);
      boolean enabled = Lenient.flagOr(item, "enabled", true);
      boolean active = Lenient.flagOr(item, "active", true);
      StorageState state = !enabled ? StorageState.DISABLED : !active ? StorageState.INACTIVE : StorageState.AVAILABLE;
      pools.add(new StoragePool(storage, node, Lenient.textOrEmpty(item, "type"), content(Lenient.textOrEmpty(item, "content")),
          Lenient.flagOr(item, "shared", false), state, Lenient.integer(item, "total"), Lenient.integer(item, "used"),
          Lenient.integer(item, "avail")));
    }
    return pools;
  }

  /** {@code GET /nodes/{node}/storage/{storage}/content}. */
  static List<StorageVolume> content(String node, String storage, JsonNode data) {
    List<StorageVolume> volumes = new ArrayList<>();
    for (JsonNode item : Lenient.items(data)) {
      String volid = ClusterDecoding.required(item, "volid", "a volume of storage " + storage + " on node " + node);
      volumes.add(new StorageVolume(volid, storage, node, Lenient.textOrEmpty(item, "content"), Lenient.textOrEmpty(item, "format"),
          Lenient.integerOr(item, "size", 0), Lenient.integer(item, "used"), Lenient.int32(item, "vmid"),
          Lenient.instant(item, "ctime"),
          Lenient.text(item, "notes")));
    }
    return volumes;
  }

  private static Set<String> content(String text) {
    return Arrays.stream(text.split(",")).map(String::strip).filter(s -> !s.isEmpty()).collect(Collectors.toSet());
  }
}
