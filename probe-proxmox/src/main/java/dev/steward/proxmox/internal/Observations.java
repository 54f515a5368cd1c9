package dev.steward.proxmox.internal;

import dev.steward.Observation;
import dev.steward.ObservedResource;
import dev.steward.proxmox.ClusterNode;
import dev.steward.proxmox.Coverage;
import dev.steward.proxmox.DiscoveryFailure;
import dev.steward.proxmox.DiscoveryResult;
import dev.steward.proxmox.Guest;
import dev.steward.proxmox.ProxmoxResources;
import dev.steward.proxmox.ResourceType;
import dev.steward.proxmox.StoragePool;
import dev.steward.proxmox.StorageVolume;
import dev.steward.proxmox.Task;
import dev.steward.proxmox.TaskLog;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.StringJoiner;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * One node's slice of a discovery, as a Steward {@link Observation}. The node is unreachable
 * when the type that decides what is on it (its guests, or what else was asked for) was not seen
 * there: a node down is unknown, never empty. Any other type not seen is named in the
 * {@code probe/proxmox} resource's {@code failed.<type>} attribute, so its absence is not read as
 * "gone" either. Stateless.
 */
final class Observations {
  private Observations() {}

  static Observation of(DiscoveryResult result, String host, Instant at, Set<ResourceType> types) {
    if (result.node(host).isEmpty()) {
      String why = result.failures(ResourceType.NODES).stream().filter(f -> f.node().equals(Optional.of(host)))
          .map(DiscoveryFailure::reason).findFirst().orElse(host + " is not a node of this cluster");
      return Observation.unreachable(host, at, why + " (the Proxmox cluster at " + result.server() + ")");
    }
    ResourceType essential = types.contains(ResourceType.GUESTS) ? ResourceType.GUESTS
        : types.contains(ResourceType.NODES) ? ResourceType.NODES : types.iterator().next();
    Coverage decisive = result.coverage(essential);
    if (!decisive.isSeen(host)) {
      return Observation.unreachable(host, at, decisive.nodesNotSeen().getOrDefault(host, host + ": " + essential.word() + " not read"));
    }
    List<ObservedResource> resources = new ArrayList<>();
    ClusterNode node = result.node(host).get();
    resources.add(new ObservedResource(ProxmoxResources.key(node), Set.of(), node(node)));
    result.guestsOn(host).forEach(guest -> resources.add(new ObservedResource(ProxmoxResources.key(guest), Set.of(), guest(guest))));
    Map<String, Set<String>> volumes = new HashMap<>();
    for (StorageVolume volume : result.volumes()) {
      volumes.computeIfAbsent(volume.storage() + "@" + volume.node(), k -> new TreeSet<>()).add(volume.volid());
    }
    for (StoragePool pool : result.storages()) {
      if (pool.node().equals(host)) {
        Set<String> parts = volumes.getOrDefault(pool.storage() + "@" + host, Set.of());
        if (pool.shared()) {
          parts = sharedVolumes(result, pool.storage());
        }
        resources.add(new ObservedResource(ProxmoxResources.key(pool), parts, storage(pool)));
      }
    }
    Map<String, TaskLog> logs = new HashMap<>();
    result.taskLogs().forEach(log -> logs.put(log.upid().text(), log));
    for (Task task : result.tasksOf(host)) {
      resources.add(new ObservedResource(ProxmoxResources.key(task), Set.of(), task(task, logs.get(task.upid().text()))));
    }
    resources.add(new ObservedResource(ProxmoxResources.probeKey(host), Set.of(), probe(result, host, types)));
    return Observation.reached(host, at, resources);
  }

  private static Set<String> sharedVolumes(DiscoveryResult result, String storage) {
    return result.volumes().stream().filter(v -> v.storage().equals(storage)).map(StorageVolume::volid)
        .collect(Collectors.toCollection(TreeSet::new));
  }

  static Map<String, String> node(ClusterNode node) {
    Map<String, String> a = new TreeMap<>();
    a.put(ProxmoxResources.ATTR_STATE, lower(node.state().name()));
    node.ip().ifPresent(ip -> a.put("ip", ip));
    node.sslFingerprint().ifPresent(f -> a.put("ssl_fingerprint", f.toString()));
    node.usage().ifPresent(u -> {
      a.put("cpus", Integer.toString(u.maxCpu()));
      a.put("memory", Long.toString(u.maxMemory()));
      a.put("uptime", Long.toString(u.uptimeSeconds()));
    });
    node.status().ifPresent(s -> {
      a.put("pve_version", s.pveVersion());
      a.put("kernel", s.kernel());
      a.put("cpu_model", s.cpuModel());
      s.bootMode().ifPresent(m -> a.put("boot_mode", m));
    });
    return a;
  }

  static Map<String, String> guest(Guest guest) {
    Map<String, String> a = new TreeMap<>();
    a.put(ProxmoxResources.ATTR_STATE, lower(guest.state().name()));
    a.put("status", guest.status());
    guest.name().ifPresent(n -> a.put("name", n));
    a.put("template", Boolean.toString(guest.template()));
    if (!guest.tags().isEmpty()) {
      a.put("tags", String.join(";", guest.tags()));
    }
    guest.lock().ifPresent(l -> a.put("lock", l));
    guest.cpus().ifPresent(c -> a.put("cpus", number(c)));
    guest.maxMemory().ifPresent(m -> a.put("maxmem", Long.toString(m)));
    guest.maxDisk().ifPresent(d -> a.put("maxdisk", Long.toString(d)));
    guest.qmpStatus().ifPresent(q -> a.put("qmpstatus", q));
    guest.usage().ifPresent(u -> {
      u.pid().ifPresent(pid -> a.put("pid", Long.toString(pid)));
      a.put("uptime", Long.toString(u.uptimeSeconds()));
    });
    guest.config().ifPresent(c -> c.values().forEach((k, v) -> a.put(ProxmoxResources.ATTR_CONFIG_PREFIX + k, v)));
    return a;
  }

  static Map<String, String> storage(StoragePool pool) {
    Map<String, String> a = new TreeMap<>();
    a.put(ProxmoxResources.ATTR_STATE, lower(pool.state().name()));
    a.put("type", pool.type());
    a.put("content", String.join(",", pool.content()));
    a.put("shared", Boolean.toString(pool.shared()));
    pool.total().ifPresent(t -> a.put("total", Long.toString(t)));
    pool.used().ifPresent(u -> a.put("used", Long.toString(u)));
    pool.available().ifPresent(v -> a.put("avail", Long.toString(v)));
    return a;
  }

  static Map<String, String> task(Task task, TaskLog log) {
    Map<String, String> a = new TreeMap<>();
    a.put(ProxmoxResources.ATTR_UPID, task.upid().text());
    a.put(ProxmoxResources.ATTR_STATE, lower(task.state().name()));
    a.put("type", task.upid().type());
    a.put("id", task.upid().id());
    a.put("user", task.upid().user());
    task.upid().token().ifPresent(t -> a.put("token", t));
    a.put("started", task.startTime().toString());
    task.endTime().ifPresent(t -> a.put("ended", t.toString()));
    task.exitStatus().ifPresent(s -> a.put("exit_status", s));
    if (log != null) {
      StringJoiner lines = new StringJoiner("\n");
      log.lines().forEach(l -> lines.add(l.text()));
      a.put(ProxmoxResources.ATTR_LOG, lines.toString());
    }
    return a;
  }

  private static Map<String, String> probe(DiscoveryResult result, String host, Set<ResourceType> types) {
    Map<String, String> a = new TreeMap<>();
    StringJoiner observed = new StringJoiner(",");
    for (ResourceType type : types) {
      Coverage coverage = result.coverage(type);
      if (coverage.isSeen(host)) {
        observed.add(type.word());
      } else {
        a.put(ProxmoxResources.ATTR_FAILED_PREFIX + type.word(), coverage.nodesNotSeen().getOrDefault(host, "not read"));
      }
    }
    a.put(ProxmoxResources.ATTR_OBSERVED, observed.toString());
    a.put("server", result.server());
    result.clusterName().ifPresent(n -> a.put("cluster", n));
    result.version().ifPresent(v -> a.put("version", v.version()));
    return a;
  }

  private static String number(double value) {
    return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
  }

  private static String lower(String name) {
    return name.toLowerCase(Locale.ROOT);
  }
}
