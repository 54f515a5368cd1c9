package dev.steward.proxmox.simulator.internal.model;

import dev.steward.proxmox.simulator.GuestType;
import dev.steward.proxmox.simulator.NewGuest;
import dev.steward.proxmox.simulator.NodeOutage;
import dev.steward.proxmox.simulator.TaskOutcome;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * The simulated cluster and every change made to it. Requests read {@link #live()} (what a node
 * itself would say) or {@link #clusterView()} (what the cluster-wide views say, which lag behind
 * by up to the refresh interval, as pvestatd's broadcasts do); the simulator's API changes it.
 * Thread-safe: changes are serialized on this object and each makes a new immutable state.
 */
public final class Cluster {
  private final ClusterShape shape;
  private final SimulatorClock clock;
  private final TaskBook tasks;
  private final String entryNode;
  private final SplittableRandom random;
  private volatile ClusterState current;
  private ClusterState published;
  private long publishedAt;

  public Cluster(ClusterShape shape, SimulatorClock clock) {
    this.shape = Objects.requireNonNull(shape, "shape");
    this.clock = Objects.requireNonNull(clock, "clock");
    long now = clock.epochSecond();
    this.current = ClusterGenerator.generate(shape, now);
    this.published = current;
    this.publishedAt = now;
    this.tasks = new TaskBook(shape, current.nodes(), now);
    this.entryNode = current.nodes().get(0).name();
    this.random = new SplittableRandom(Seeds.mix(shape.seed(), -1, -1));
  }

  /** The node the simulator answers as: per-node calls for others are "forwarded". */
  public String entryNode() {
    return entryNode;
  }

  public ClusterShape shape() {
    return shape;
  }

  public SimulatorClock clock() {
    return clock;
  }

  public TaskBook tasks() {
    return tasks;
  }

  /** The state as it is now. */
  public ClusterState live() {
    return current;
  }

  /** The state as {@code /cluster/resources} and {@code /nodes} show it: refreshed every {@code clusterRefresh}. */
  public synchronized ClusterState clusterView() {
    Duration refresh = shape.clusterRefresh();
    long now = clock.epochSecond();
    if (refresh.isZero() || now - publishedAt >= refresh.toSeconds()) {
      published = current;
      publishedAt = now;
    }
    return published;
  }

  /** Moves guest {@code vmid} to {@code target} and logs a finished migration task on the source node; its UPID. */
  public synchronized String migrate(int vmid, String target) {
    Guest guest = guest(vmid);
    requireNode(target);
    if (guest.node().equals(target)) {
      throw new IllegalArgumentException("Guest " + vmid + " is on " + target + " already");
    }
    if (!current.online(target)) {
      throw new IllegalStateException("Cannot migrate guest " + vmid + " to " + target + ": the node is down");
    }
    String type = guest.type() == GuestType.QEMU ? "qmigrate" : "vzmigrate";
    Task task = tasks.start(guest.node(), type, String.valueOf(vmid), "root@pam", clock.epochSecond());
    tasks.finish(task.upid().text(), TaskOutcome.ok(), clock.epochSecond());
    replace(guest.movedTo(target));
    return task.upid().text();
  }

  public synchronized void setMemory(int vmid, long megabytes) {
    if (megabytes < 16) {
      throw new IllegalArgumentException("A guest needs at least 16 MiB, not " + megabytes);
    }
    replace(guest(vmid).withMemoryMb(megabytes));
  }

  public synchronized void setConfig(int vmid, String key, String value) {
    if (!key.matches("[a-z][a-z0-9_-]*") || key.equals("digest")) {
      throw new IllegalArgumentException("Not a config key: '" + key + "'");
    }
    replace(guest(vmid).withConfig(key, value));
  }

  public synchronized void setRunning(int vmid, boolean running) {
    Guest guest = guest(vmid);
    if (guest.template() && running) {
      throw new IllegalStateException("Guest " + vmid + " is a template and cannot run");
    }
    replace(guest.withRunning(running, clock.epochSecond(), 1000 + random.nextInt(4_000_000)));
  }

  public synchronized void delete(int vmid) {
    guest(vmid);
    NavigableMap<Integer, Guest> guests = new TreeMap<>(current.guests());
    guests.remove(vmid);
    current = current.withGuests(guests);
  }

  /** Adds {@code spec}; its vmid (the next free one unless it names one). */
  public synchronized int add(NewGuest spec) {
    requireNode(spec.node());
    int vmid = spec.vmid().orElseGet(this::nextFreeVmid);
    if (current.guests().containsKey(vmid)) {
      throw new IllegalArgumentException("vmid " + vmid + " is taken by " + current.guests().get(vmid).name());
    }
    String storage = current.storages().stream()
        .filter(s -> s.holds(spec.type() == GuestType.QEMU ? "images" : "rootdir")).map(StorageDef::id).findFirst()
        .orElse("local");
    long now = clock.epochSecond();
    Guest guest = new Guest(vmid, spec.type(), spec.node(), spec.name(), spec.running(), false, spec.cores(),
        spec.memoryMb(), spec.type() == GuestType.LXC ? 512 : 0, spec.diskGb() * 1024 * 1024 * 1024, storage, spec.tags(),
        now, spec.running() ? 1000 + random.nextInt(4_000_000) : 0, false,
        spec.type() == GuestType.QEMU ? "l26" : "debian", Map.of(), random.nextLong());
    replace(guest);
    return vmid;
  }

  public synchronized void markDown(String node, NodeOutage outage) {
    requireNode(node);
    Objects.requireNonNull(outage, "outage");
    if (node.equals(entryNode)) {
      throw new IllegalArgumentException("The simulator answers as " + node
          + "; a client would see it gone, not down: close the simulator instead, or mark another node down");
    }
    Map<String, NodeOutage> outages = new HashMap<>(current.outages());
    outages.put(node, outage);
    current = current.withOutages(outages);
  }

  public synchronized void markUp(String node) {
    requireNode(node);
    Map<String, NodeOutage> outages = new HashMap<>(current.outages());
    outages.remove(node);
    current = current.withOutages(outages);
  }

  public List<String> nodeNames() {
    return current.nodes().stream().map(SimNode::name).toList();
  }

  private int nextFreeVmid() {
    int vmid = 100;
    while (current.guests().containsKey(vmid)) {
      vmid++;
    }
    return vmid;
  }

  private void replace(Guest guest) {
    NavigableMap<Integer, Guest> guests = new TreeMap<>(current.guests());
    guests.put(guest.vmid(), guest);
    current = current.withGuests(guests);
  }

  private Guest guest(int vmid) {
    return current.guest(vmid).orElseThrow(() -> new IllegalArgumentException("No guest with vmid " + vmid));
  }

  private void requireNode(String node) {
    if (current.node(node).isEmpty()) {
      throw new IllegalArgumentException("No node '" + node + "'; the cluster has " + nodeNames());
    }
  }
}
