package dev.steward.proxmox.internal;

import dev.steward.proxmox.ProxmoxException;
import java.util.Optional;

/** A read's value, or the exception it failed with. Immutable. */
record Outcome<T>(Optional<T> value, Optional<ProxmoxException> failure) {
  static <T> Outcome<T> of(T value) {
    return new Outcome<>(Optional.of(value), Optional.empty());
  }

  static <T> Outcome<T> failed(ProxmoxException failure) {
    return new Outcome<>(Optional.empty(), Optional.of(failure));
  }

  boolean ok() {
    return value.isPresent();
  }
}
