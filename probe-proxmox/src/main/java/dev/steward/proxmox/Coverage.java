package dev.steward.proxmox;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What a discovery saw of one {@link ResourceType}, so that "not there" can be told from "not
 * seen". Read an absence only where it was seen:
 * <ul>
 *   <li>{@link #complete()}: the result lists every item of this type in the cluster, so an item
 *       missing from it is gone. For guests and storages this holds when the cluster view was
 *       read, even with nodes down: it still lists their guests, as {@link GuestState#UNKNOWN}.
 *   <li>{@link #nodesSeen()}: nodes whose items of this type were read from the node itself, live.
 *   <li>{@link #nodesNotSeen()}: nodes that were not, each with the reason; their items are unknown,
 *       never gone.
 * </ul>
 * Immutable.
 *
 * @param type what was read
 * @param complete whether an item missing from the result is gone
 * @param nodesSeen nodes read live, sorted
 * @param nodesNotSeen nodes not read, with why
 */
public record Coverage(ResourceType type, boolean complete, Set<String> nodesSeen, Map<String, String> nodesNotSeen) {
  public Coverage {
    Objects.requireNonNull(type, "type");
    nodesSeen = Collections.unmodifiableSet(new TreeSet<>(nodesSeen));
    nodesNotSeen = Collections.unmodifiableMap(new TreeMap<>(nodesNotSeen));
  }

  /** A type that was not asked for: nothing seen, nothing complete. */
  public static Coverage notRead(ResourceType type) {
    return new Coverage(type, false, Set.of(), Map.of());
  }

  /** Whether {@code node}'s items of this type were read live. */
  public boolean isSeen(String node) {
    return nodesSeen.contains(node);
  }
}
