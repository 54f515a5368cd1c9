package dev.steward.proxmox;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * What {@link ProxmoxDiscovery} reads, each with the word {@link ProxmoxSettings#OBSERVE} names
 * it by. Some need another: configs need guests, content needs storage, logs need tasks; asking
 * for one reads what it needs too.
 */
public enum ResourceType {
  /** Nodes: the cluster's members, their state, and each online node's own status. */
  NODES("nodes"),
  /** VMs and containers: the cluster view, and each online node's live lists. */
  GUESTS("guests"),
  /** Each guest's configuration. */
  GUEST_CONFIGS("configs"),
  /** Storages as each node sees them. */
  STORAGE("storage"),
  /** The volumes on each storage. */
  STORAGE_CONTENT("content"),
  /** Each node's task list, paged. */
  TASKS("tasks"),
  /** The logs of recently failed tasks (others on demand). */
  TASK_LOGS("logs");

  private final String word;

  ResourceType(String word) {
    this.word = word;
  }

  /** {@code nodes}, {@code guests}, {@code configs}, {@code storage}, {@code content}, {@code tasks} or {@code logs}. */
  public String word() {
    return word;
  }

  /** What must be read for this to be read: itself and, for configs, content and logs, what they hang on. */
  public Set<ResourceType> withPrerequisites() {
    return switch (this) {
      case GUEST_CONFIGS -> EnumSet.of(GUESTS, GUEST_CONFIGS);
      case STORAGE_CONTENT -> EnumSet.of(STORAGE, STORAGE_CONTENT);
      case TASK_LOGS -> EnumSet.of(TASKS, TASK_LOGS);
      default -> EnumSet.of(this);
    };
  }

  /** The type {@code word} names (any case), empty for anything else. */
  public static Optional<ResourceType> of(String word) {
    String wanted = word.strip().toLowerCase(Locale.ROOT);
    for (ResourceType type : values()) {
      if (type.word.equals(wanted)) {
        return Optional.of(type);
      }
    }
    return Optional.empty();
  }

  /** The types of a comma-separated list, e.g. {@code nodes,guests,tasks}; empty when a word is unknown or none is given. */
  public static Optional<Set<ResourceType>> parseList(String words) {
    Set<ResourceType> types = EnumSet.noneOf(ResourceType.class);
    for (String word : words.split(",")) {
      if (word.isBlank()) {
        continue;
      }
      Optional<ResourceType> type = of(word);
      if (type.isEmpty()) {
        return Optional.empty();
      }
      types.add(type.get());
    }
    return types.isEmpty() ? Optional.empty() : Optional.of(types);
  }
}
