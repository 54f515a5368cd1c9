package dev.steward.proxmox;

import java.util.Collections;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;

/**
 * A storage as one node sees it: {@code GET /nodes/{n}/storage} for a node that was asked, else
 * the cluster view ({@code /cluster/resources}). A shared storage appears once per node.
 * Immutable.
 *
 * @param storage its id in storage.cfg, e.g. {@code local-lvm}
 * @param node the node that sees it so
 * @param type its plugin, e.g. {@code dir}, {@code lvmthin}, {@code nfs}, {@code rbd}
 * @param content what it holds, e.g. {@code images}, {@code iso}, {@code backup}, sorted
 * @param shared whether every node sees the same content
 * @param state whether it can be used
 * @param total size, bytes, when known
 * @param used used, bytes, when known
 * @param available free, bytes, when known
 */
public record StoragePool(String storage, String node, String type, Set<String> content, boolean shared,
    StorageState state, OptionalLong total, OptionalLong used, OptionalLong available) {
  public StoragePool {
    Objects.requireNonNull(storage, "storage");
    Objects.requireNonNull(node, "node");
    Objects.requireNonNull(type, "type");
    content = Collections.unmodifiableSet(new TreeSet<>(content));
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(total, "total");
    Objects.requireNonNull(used, "used");
    Objects.requireNonNull(available, "available");
  }
}
