package dev.steward.proxmox.simulator.internal.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.steward.proxmox.simulator.GuestType;
import dev.steward.proxmox.simulator.Privilege;
import dev.steward.proxmox.simulator.internal.model.Guest;
import dev.steward.proxmox.simulator.internal.model.SimNode;
import dev.steward.proxmox.simulator.internal.model.StorageDef;
import java.util.ArrayList;
import java.util.List;

/**
 * pve-storage's per-node methods: the storage list with usage, one storage's status, and its
 * content (ISO images and templates on {@code local}, backups of the node's guests on backup
 * storages, guest disks where they live). Every storage is enabled and active on every node.
 * Thread-safe.
 */
final class StorageEndpoints {
  private static final String[] CONTENT_TYPES = {"iso", "vztmpl", "backup", "images", "rootdir", "snippets", "import"};
  private static final long MIB = 1024L * 1024;
  // Backups of the first few guests of a node: enough to page through, little to generate.
  private static final int BACKUPS_PER_NODE = 5;

  private final ApiContext context;

  StorageEndpoints(ApiContext context) {
    this.context = context;
  }

  void register(Router router) {
    router.add("GET", "/nodes/{node}/storage", ParamSchema.of().listOf("content", CONTENT_TYPES).bool("enabled")
        .bool("format").storage("storage").node("target"), this::list);
    router.add("GET", "/nodes/{node}/storage/{storage}/status", ParamSchema.of(), this::status);
    router.add("GET", "/nodes/{node}/storage/{storage}/content", ParamSchema.of().oneOf("content", CONTENT_TYPES)
        .vmid("vmid"), this::content);
  }

  private Reply list(Call call) {
    ArrayNode data = Json.array();
    if (!call.may(Privilege.DATASTORE_AUDIT)) {
      return Reply.of(data);
    }
    SimNode node = call.live().node(call.node()).orElseThrow();
    List<String> contentWanted = call.params().list("content");
    for (StorageDef storage : call.live().storages()) {
      if (call.params().string("storage").map(id -> !id.equals(storage.id())).orElse(false)
          || !contentWanted.isEmpty() && contentWanted.stream().noneMatch(storage::holds)) {
        continue;
      }
      ObjectNode item = usage(storage, node);
      item.put("storage", storage.id());
      // Not in the order of storage.cfg: clients must not rely on it.
      List<String> content = new ArrayList<>(storage.content());
      content.sort(null);
      item.put("content", String.join(",", content));
      item.put("used_fraction", storage.used(node.index()) / (double) storage.total());
      data.add(item);
    }
    return Reply.of(data);
  }

  private Reply status(Call call) {
    StorageDef storage = storage(call);
    SimNode node = call.live().node(call.node()).orElseThrow();
    ObjectNode status = usage(storage, node);
    status.put("content", String.join(",", storage.content()));
    return Reply.of(status);
  }

  private Reply content(Call call) {
    StorageDef storage = storage(call);
    String wanted = call.params().string("content").orElse("");
    long vmid = call.params().integer("vmid", 0);
    ArrayNode data = Json.array();
    for (ObjectNode volume : volumes(storage, call)) {
      boolean contentMatches = wanted.isEmpty() || volume.get("content").asText().equals(wanted);
      boolean vmidMatches = vmid == 0 || volume.has("vmid") && volume.get("vmid").asLong() == vmid;
      if (contentMatches && vmidMatches) {
        data.add(volume);
      }
    }
    return Reply.of(data);
  }

  private List<ObjectNode> volumes(StorageDef storage, Call call) {
    List<ObjectNode> volumes = new ArrayList<>();
    long start = context.cluster().shape().seed() % 86_400 + 1_700_000_000L;
    if (storage.holds("iso") && storage.id().equals("local")) {
      volumes.add(volume(storage.id() + ":iso/debian-12.10.0-amd64-netinst.iso", "iso", "iso", 663 * MIB, start));
      volumes.add(volume(storage.id() + ":vztmpl/debian-12-standard_12.7-1_amd64.tar.zst", "vztmpl", "tzst", 126 * MIB, start));
    }
    List<Guest> here = call.live().guestsOn(call.node());
    if (storage.holds("backup")) {
      for (Guest guest : here.subList(0, Math.min(BACKUPS_PER_NODE, here.size()))) {
        String kind = guest.type() == GuestType.QEMU ? "qemu" : "lxc";
        String format = guest.type() == GuestType.QEMU ? "vma.zst" : "tar.zst";
        ObjectNode backup = volume(storage.id() + ":backup/vzdump-" + kind + "-" + guest.vmid()
            + "-2026_01_01-01_00_00." + format, "backup", format, guest.diskBytes() / 3, start);
        backup.put("vmid", guest.vmid());
        backup.put("subtype", kind);
        backup.put("notes", guest.name());
        volumes.add(backup);
      }
    }
    List<Guest> disks = storage.shared() ? new ArrayList<>(call.live().guests().values()) : here;
    for (Guest guest : disks) {
      if (!guest.diskStorage().equals(storage.id())) {
        continue;
      }
      boolean file = storage.type().equals("nfs") || storage.type().equals("dir");
      String name = "vm-" + guest.vmid() + "-disk-0" + (file ? ".qcow2" : "");
      String volid = storage.id() + ":" + (file ? guest.vmid() + "/" : "") + name;
      String content = guest.type() == GuestType.QEMU ? "images" : "rootdir";
      ObjectNode disk = volume(volid, content, file ? "qcow2" : "raw", guest.diskBytes(), guest.startedEpoch());
      disk.put("vmid", guest.vmid());
      disk.put("used", guest.diskUsed());
      volumes.add(disk);
    }
    return volumes;
  }

  private static ObjectNode volume(String volid, String content, String format, long size, long ctime) {
    ObjectNode volume = Json.object();
    volume.put("volid", volid);
    volume.put("content", content);
    volume.put("format", format);
    volume.put("size", size);
    volume.put("ctime", ctime);
    return volume;
  }

  private static ObjectNode usage(StorageDef storage, SimNode node) {
    ObjectNode item = Json.object();
    long used = storage.used(node.index());
    item.put("type", storage.type());
    item.put("enabled", 1);
    item.put("active", 1);
    item.put("shared", Json.flag(storage.shared()));
    item.put("total", storage.total());
    item.put("used", used);
    item.put("avail", storage.total() - used);
    return item;
  }

  private static StorageDef storage(Call call) {
    String id = call.params().string("storage").orElseThrow();
    call.require("/storage/" + id, Privilege.DATASTORE_AUDIT);
    return call.live().storage(id)
        .orElseThrow(() -> ApiException.parameter("storage", "storage '" + id + "' does not exist"));
  }
}
