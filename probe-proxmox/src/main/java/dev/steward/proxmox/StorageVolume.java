package dev.steward.proxmox;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * One volume on a storage, {@code GET /nodes/{n}/storage/{s}/content}: a disk image, an ISO, a
 * container template, a backup. A shared storage's content is read once, through one node.
 * Immutable.
 *
 * @param volid its id, {@code local:iso/debian-12.iso} or {@code local-lvm:vm-100-disk-0}
 * @param storage the storage
 * @param node the node it was read through
 * @param content {@code images}, {@code rootdir}, {@code iso}, {@code vztmpl}, {@code backup}, ...
 * @param format {@code raw}, {@code qcow2}, {@code iso}, {@code vma.zst}, ...
 * @param size its size, bytes
 * @param used bytes it takes on the storage, when known
 * @param vmid the guest it belongs to, when it belongs to one
 * @param created when it was made, when known
 * @param notes its notes (a backup's comment)
 */
public record StorageVolume(String volid, String storage, String node, String content, String format, long size,
    OptionalLong used, OptionalInt vmid, Optional<Instant> created, Optional<String> notes) {
  public StorageVolume {
    Objects.requireNonNull(volid, "volid");
    Objects.requireNonNull(storage, "storage");
    Objects.requireNonNull(node, "node");
    Objects.requireNonNull(content, "content");
    Objects.requireNonNull(format, "format");
    Objects.requireNonNull(used, "used");
    Objects.requireNonNull(vmid, "vmid");
    Objects.requireNonNull(created, "created");
    Objects.requireNonNull(notes, "notes");
  }
}
