package dev.steward.proxmox.simulator.internal.api;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Parameters that passed their {@link ParamSchema}, by name, with their checked types. Immutable. */
record Params(Map<String, Object> values) {
  Params {
    values = Map.copyOf(values);
  }

  Optional<Long> integer(String name) {
    return Optional.ofNullable((Long) values.get(name));
  }

  long integer(String name, long fallback) {
    return integer(name).orElse(fallback);
  }

  boolean flag(String name) {
    return Boolean.TRUE.equals(values.get(name));
  }

  Optional<String> string(String name) {
    return Optional.ofNullable((String) values.get(name));
  }

  @SuppressWarnings("unchecked")
  List<String> list(String name) {
    return (List<String>) values.getOrDefault(name, List.of());
  }

  boolean has(String name) {
    return values.containsKey(name);
  }
}
