package dev.steward.proxmox;

import java.util.Objects;
import java.util.Optional;

/**
 * One read of a discovery that failed; the others went on. Immutable.
 *
 * @param type what could not be read
 * @param node the node it was for, if any
 * @param item the item, e.g. {@code qemu/105}, storage {@code local} or a UPID, if any
 * @param kind the kind of failure
 * @param reason the failure's message, which names the request and what to do
 */
public record DiscoveryFailure(ResourceType type, Optional<String> node, Optional<String> item, ProxmoxException.Kind kind,
    String reason) {
  public DiscoveryFailure {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(node, "node");
    Objects.requireNonNull(item, "item");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(reason, "reason");
  }

  /** One line: {@code guests of pve2: <reason>}. */
  public String describe() {
    return type.word() + item.map(i -> " " + i).orElse("") + node.map(n -> " of " + n).orElse("") + ": " + reason;
  }
}
