package dev.steward.proxmox.simulator.internal.model;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One storage of {@code storage.cfg}: id, plugin type, content types, whether all nodes share it,
 * the plugin's own keys as {@code GET /storage} shows them (with their JSON types: {@code
 * is_mountpoint} is the string {@code "1"}), and its size. A local storage exists once per node
 * with the same id. Immutable.
 */
public record StorageDef(String id, String type, List<String> content, boolean shared, Map<String, Object> config,
    long total, double usedFraction) {
  public StorageDef {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(type, "type");
    content = List.copyOf(content);
    config = Map.copyOf(new LinkedHashMap<>(config));
  }

  public boolean holds(String contentType) {
    return content.contains(contentType);
  }

  /** Used bytes on {@code node}: shared storages are the same everywhere, local ones differ a little. */
  public long used(int nodeIndex) {
    double fraction = shared ? usedFraction : Math.min(0.95, usedFraction + nodeIndex * 0.013);
    return (long) (total * fraction);
  }
}
