package dev.steward.proxmox;

import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * A guest's configuration, {@code GET /nodes/{n}/qemu|lxc/{vmid}/config} with pending changes
 * applied: every key as text, sorted. Numbers are written as the API sent them; a raw {@code lxc}
 * list of {@code [key, value]} pairs becomes one {@code key: value} line per pair. The
 * {@code digest} key (SHA-1 of the config file) changes whenever the file does. Immutable.
 */
public record GuestConfig(Map<String, String> values) {
  public GuestConfig {
    values = Collections.unmodifiableMap(new TreeMap<>(values));
  }

  public Optional<String> get(String key) {
    return Optional.ofNullable(values.get(key));
  }

  /** The SHA-1 of the config file, which changes with any edit. */
  public Optional<String> digest() {
    return get("digest");
  }

  /**
   * The memory in MiB: {@code memory} as an int (before PVE 8.1 and for containers) or a property
   * string ({@code "2048"} or {@code "current=2048"}, from qemu-server of 8.1).
   */
  public OptionalLong memoryMb() {
    return get("memory").map(GuestConfig::firstNumber).orElse(OptionalLong.empty());
  }

  /** {@code cores}, when set. */
  public OptionalInt cores() {
    OptionalLong cores = get("cores").map(GuestConfig::firstNumber).orElse(OptionalLong.empty());
    return cores.isPresent() ? OptionalInt.of((int) cores.getAsLong()) : OptionalInt.empty();
  }

  private static OptionalLong firstNumber(String propertyString) {
    for (String part : propertyString.split(",")) {
      String value = part.contains("=") ? part.substring(part.indexOf('=') + 1) : part;
      if (part.contains("=") && !part.startsWith("current=")) {
        continue;
      }
      try {
        return OptionalLong.of(Long.parseLong(value.strip()));
      } catch (NumberFormatException e) {
        return OptionalLong.empty();
      }
    }
    return OptionalLong.empty();
  }
}
