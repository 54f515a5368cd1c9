package dev.steward.proxmox.internal;

import dev.steward.proxmox.Guest;
import dev.steward.proxmox.GuestConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The guest configs a discovery read, for the next one to reuse while the guest's list entry shows
 * no change and the config is younger than the allowed age. What a list entry shows covers the
 * usual edits (memory, CPUs, disk size, name, tags, a move to another node, start and stop, a
 * lock, becoming a template); an edit it does not show (a NIC's bridge, say) is read at the latest
 * when the age runs out. Thread-safe.
 */
public final class ConfigCache {
  private record Entry(String signals, GuestConfig config, Instant readAt) {}

  private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();

  /** The config read before for {@code guest}, when its list entry is unchanged and the config younger than {@code maxAge}. */
  Optional<GuestConfig> reusable(Guest guest, Instant now, Duration maxAge) {
    if (maxAge.isZero()) {
      return Optional.empty();
    }
    Entry entry = entries.get(guest.id());
    if (entry == null || !entry.signals().equals(signals(guest)) || !now.isBefore(entry.readAt().plus(maxAge))) {
      return Optional.empty();
    }
    return Optional.of(entry.config());
  }

  void remember(Guest guest, GuestConfig config, Instant readAt) {
    entries.put(guest.id(), new Entry(signals(guest), config, readAt));
  }

  /** Forgets every guest but {@code ids} (those seen now), so deleted guests do not pile up. */
  void retainOnly(Set<String> ids) {
    entries.keySet().retainAll(ids);
  }

  private static String signals(Guest guest) {
    return String.join("|", guest.node(), guest.name().orElse(""), guest.state().name(), String.valueOf(guest.maxMemory()),
        String.valueOf(guest.cpus()), String.valueOf(guest.maxDisk()), String.join(";", guest.tags()), guest.lock().orElse(""),
        Boolean.toString(guest.template()));
  }
}
