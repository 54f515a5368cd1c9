package dev.steward.proxmox.simulator.internal.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.steward.proxmox.simulator.Privilege;
import dev.steward.proxmox.simulator.Profile;
import dev.steward.proxmox.simulator.internal.model.ClusterState;
import dev.steward.proxmox.simulator.internal.model.Guest;
import dev.steward.proxmox.simulator.internal.model.SimNode;
import dev.steward.proxmox.simulator.internal.model.StorageDef;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The cluster-wide methods: {@code /version}, {@code /cluster/status}, {@code /cluster/resources},
 * {@code /nodes} and {@code /storage}. {@code /cluster/resources} and {@code /nodes} read the
 * cluster view, which may lag (see {@code clusterRefresh}); a guest of a node that is down shows
 * only {@code id}, {@code vmid}, {@code node}, {@code type} and {@code status: "unknown"}.
 * Thread-safe.
 */
final class ClusterEndpoints {
  private final ApiContext context;
  // Node order in /cluster/status is random in PVE; here it is shuffled per call from the seed.
  private final AtomicLong shuffles = new AtomicLong();

  ClusterEndpoints(ApiContext context) {
    this.context = context;
  }

  void register(Router router) {
    router.add("GET", "/version", ParamSchema.of(), this::version);
    router.add("GET", "/cluster/status", ParamSchema.of(), this::status);
    router.add("GET", "/cluster/resources", ParamSchema.of().oneOf("type", "vm", "storage", "node", "sdn"), this::resources);
    router.add("GET", "/nodes", ParamSchema.of(), this::nodes);
    router.add("GET", "/storage", ParamSchema.of().oneOf("type", "btrfs", "cephfs", "cifs", "dir", "esxi", "glusterfs",
        "iscsi", "iscsidirect", "lvm", "lvmthin", "nfs", "pbs", "rbd", "zfs", "zfspool"), this::storageConfig);
  }

  private Reply version(Call call) {
    Profile profile = context.profile();
    ObjectNode version = Json.object();
    version.put("release", profile.release());
    version.put("repoid", profile.repoid());
    version.put("version", profile.version());
    return Reply.of(version);
  }

  private Reply status(Call call) {
    call.require("/", Privilege.SYS_AUDIT);
    ClusterState state = call.live();
    List<ObjectNode> items = new ArrayList<>();
    boolean clustered = context.cluster().shape().clusterName().isPresent();
    for (SimNode node : state.nodes()) {
      ObjectNode item = Json.object();
      item.put("type", "node");
      item.put("id", "node/" + node.name());
      item.put("name", node.name());
      item.put("nodeid", clustered ? node.nodeId() : 0);
      item.put("ip", node.ip());
      item.put("online", Json.flag(state.online(node.name())));
      item.put("local", Json.flag(node.name().equals(context.cluster().entryNode())));
      item.put("level", "");
      items.add(item);
    }
    context.cluster().shape().clusterName().ifPresent(name -> {
      long online = state.nodes().stream().filter(n -> state.online(n.name())).count();
      ObjectNode cluster = Json.object();
      cluster.put("type", "cluster");
      cluster.put("id", "cluster");
      cluster.put("name", name);
      cluster.put("nodes", state.nodes().size());
      cluster.put("quorate", Json.flag(online * 2 > state.nodes().size()));
      cluster.put("version", state.nodes().size() + 1);
      items.add(cluster);
    });
    Collections.shuffle(items, new Random(context.cluster().shape().seed() + shuffles.incrementAndGet()));
    ArrayNode data = Json.array();
    items.forEach(data::add);
    return Reply.of(data);
  }

  private Reply resources(Call call) {
    String type = call.params().string("type").orElse("");
    ClusterState view = context.cluster().clusterView();
    long now = context.now();
    ArrayNode data = Json.array();
    if ((type.isEmpty() || type.equals("vm")) && call.may(Privilege.VM_AUDIT)) {
      // Sorted by vmid as strings: 1000 comes before 200.
      List<Guest> guests = new ArrayList<>(view.guests().values());
      guests.sort(Comparator.comparing(g -> String.valueOf(g.vmid())));
      guests.forEach(guest -> data.add(guestResource(guest, view, now)));
    }
    if ((type.isEmpty() || type.equals("node")) && call.may(Privilege.SYS_AUDIT)) {
      view.nodes().forEach(node -> data.add(nodeResource(node, view, now)));
    }
    if ((type.isEmpty() || type.equals("storage")) && call.may(Privilege.DATASTORE_AUDIT)) {
      for (SimNode node : view.nodes()) {
        view.storages().forEach(storage -> data.add(storageResource(storage, node, view)));
      }
    }
    if ((type.isEmpty() || type.equals("sdn")) && call.may(Privilege.SDN_AUDIT)) {
      view.nodes().forEach(node -> sdnResources(node, view).forEach(data::add));
    }
    return Reply.of(data);
  }

  private Reply nodes(Call call) {
    ClusterState view = context.cluster().clusterView();
    long now = context.now();
    ArrayNode data = Json.array();
    for (SimNode node : view.nodes()) {
      ObjectNode item = Json.object();
      item.put("node", node.name());
      item.put("status", view.online(node.name()) ? "online" : "offline");
      item.put("id", "node/" + node.name());
      item.put("type", "node");
      item.put("level", "");
      item.put("ssl_fingerprint", context.fingerprint().get());
      if (view.online(node.name()) && call.may(Privilege.SYS_AUDIT)) {
        putUsage(item, node, now);
      }
      data.add(item);
    }
    return Reply.of(data);
  }

  private Reply storageConfig(Call call) {
    ArrayNode data = Json.array();
    if (!call.may(Privilege.DATASTORE_AUDIT)) {
      return Reply.of(data);
    }
    List<StorageDef> storages = call.live().storages();
    String digest = GuestViews.sha1(storages.toString());
    String type = call.params().string("type").orElse("");
    for (StorageDef storage : storages) {
      if (!type.isEmpty() && !storage.type().equals(type)) {
        continue;
      }
      ObjectNode item = Json.object();
      item.put("storage", storage.id());
      item.put("type", storage.type());
      item.put("content", String.join(",", storage.content()));
      item.put("digest", digest);
      for (Map.Entry<String, Object> entry : storage.config().entrySet()) {
        if (entry.getValue() instanceof Integer) {
          item.put(entry.getKey(), (Integer) entry.getValue());
        } else {
          item.put(entry.getKey(), entry.getValue().toString());
        }
      }
      data.add(item);
    }
    return Reply.of(data);
  }

  private ObjectNode guestResource(Guest guest, ClusterState view, long now) {
    ObjectNode item = Json.object();
    item.put("id", guest.type().apiName() + "/" + guest.vmid());
    item.put("type", guest.type().apiName());
    item.put("vmid", guest.vmid());
    item.put("node", guest.node());
    if (!view.online(guest.node())) {
      item.put("status", "unknown");
      return item;
    }
    item.put("name", guest.name());
    item.put("status", guest.running() ? "running" : "stopped");
    item.put("template", Json.flag(guest.template()));
    item.put("cpu", Json.fraction(guest.cpu()));
    item.put("maxcpu", guest.cores());
    item.put("mem", guest.memUsed());
    item.put("maxmem", guest.maxMemBytes());
    item.put("disk", guest.diskUsed());
    item.put("maxdisk", guest.diskBytes());
    item.put("netin", guest.counter(now, 3));
    item.put("netout", guest.counter(now, 4));
    item.put("diskread", guest.counter(now, 1));
    item.put("diskwrite", guest.counter(now, 2));
    item.put("uptime", guest.uptime(now));
    if (guest.running() && context.profile().guestsReportPressure()) {
      item.put("memhost", guest.memUsed() + guest.memUsed() / 50);
    }
    if (!guest.tags().isEmpty()) {
      item.put("tags", guest.tags());
    }
    return item;
  }

  private ObjectNode nodeResource(SimNode node, ClusterState view, long now) {
    ObjectNode item = Json.object();
    item.put("id", "node/" + node.name());
    item.put("type", "node");
    item.put("node", node.name());
    item.put("status", view.online(node.name()) ? "online" : "offline");
    item.put("level", "");
    if (view.online(node.name())) {
      putUsage(item, node, now);
      item.put("cgroup-mode", 2);
    }
    return item;
  }

  private static ObjectNode storageResource(StorageDef storage, SimNode node, ClusterState view) {
    ObjectNode item = Json.object();
    item.put("id", "storage/" + node.name() + "/" + storage.id());
    item.put("type", "storage");
    item.put("storage", storage.id());
    item.put("node", node.name());
    item.put("plugintype", storage.type());
    item.put("content", String.join(",", storage.content()));
    item.put("shared", Json.flag(storage.shared()));
    if (!view.online(node.name())) {
      item.put("status", "unknown");
      return item;
    }
    item.put("status", "available");
    item.put("disk", storage.used(node.index()));
    item.put("maxdisk", storage.total());
    return item;
  }

  private List<ObjectNode> sdnResources(SimNode node, ClusterState view) {
    String status = view.online(node.name()) ? "ok" : "unknown";
    ObjectNode zone = Json.object();
    zone.put("id", "sdn/" + node.name() + "/localnetwork");
    zone.put("type", "sdn");
    zone.put("sdn", "localnetwork");
    zone.put("node", node.name());
    zone.put("status", status);
    if (!context.profile().clusterResourcesListNetworks()) {
      return List.of(zone);
    }
    ObjectNode network = Json.object();
    network.put("id", "network/" + node.name() + "/zone/localnetwork");
    network.put("type", "network");
    network.put("network", "localnetwork");
    network.put("network-type", "zone");
    network.put("zone-type", "simple");
    network.put("node", node.name());
    network.put("status", status);
    return List.of(zone, network);
  }

  private static void putUsage(ObjectNode item, SimNode node, long now) {
    item.put("cpu", Json.fraction(node.cpuLoad()));
    item.put("maxcpu", node.maxCpu());
    item.put("mem", node.memUsed());
    item.put("maxmem", node.maxMem());
    item.put("disk", node.rootfsUsed());
    item.put("maxdisk", node.rootfsTotal());
    item.put("uptime", node.uptime(now));
  }
}
