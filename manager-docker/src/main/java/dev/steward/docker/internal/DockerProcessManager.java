package dev.steward.docker.internal;

import dev.steward.CommandResult;
import dev.steward.ProcessManager;
import dev.steward.ProcessSpec;
import dev.steward.ProcessStartException;
import dev.steward.ProcessState;
import dev.steward.ProcessStatus;
import dev.steward.ResourceKey;
import dev.steward.Spec;
import dev.steward.StewardException;
import dev.steward.Transport;
import dev.steward.docker.DockerSpec;
import dev.steward.docker.ForeignContainerException;
import dev.steward.spi.support.KnownHosts;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Docker container per node, named by {@link ContainerNames}, made from the spec by {@link
 * ContainerConfig} and labelled with the node, the instance and the spec's hash. Every command goes
 * through the {@link Transport}, on the host of the node's key, as the docker command
 * ({@link DockerCli}): the same code drives this machine's engine and those of hosts reached over SSH.
 *
 * <p>Containers stay after a stop, so {@link #list()} reports stopped nodes and a later manager
 * adopts them from their labels alone: the manager keeps no records of its own. {@link #remove}
 * deletes a container for good. A container without this instance's labels for the node is never
 * started, stopped or removed.
 *
 * <p>A container exits 143 when its stop signal ended it (the node runs under Docker's init, which
 * passes the signal on); that and 0 are STOPPED, any other exit FAILED. Docker keeps no record of
 * who stopped a container, so a node that ignores its stop signal and is killed at the end of its
 * grace (137) reads FAILED too.
 *
 * <p>A node packed with others ({@link DockerSpec#PACK_SIZE}) is a process in a pack container,
 * not a container of its own: this class hands it to {@link PackedNodes} (start, replace), and
 * asks the packs for a node it has no container for (status, stop, remove) and for the nodes of
 * the pack containers its {@code docker ps} finds (list).
 *
 * <p>Thread-safe: operations on one node are serialised in this manager; different nodes run at once.
 */
final class DockerProcessManager implements ProcessManager {
  private static final Logger LOG = LoggerFactory.getLogger(DockerProcessManager.class);
  /** How often start reads the container's state while it watches it. */
  private static final Duration POLL = Duration.ofMillis(100);
  /** The exit of a process ended by SIGTERM, the default stop signal: 128 + 15. */
  static final int STOPPED_BY_SIGNAL = 143;
  /** Ends the name of the container an upgrade makes beside the old one. */
  static final String NEXT_SUFFIX = "-next";

  /** How long things may take. */
  record Timing(Duration stopGrace, Duration startCheck) {
    Timing {
      Objects.requireNonNull(stopGrace, "stopGrace");
      Objects.requireNonNull(startCheck, "startCheck");
    }
  }

  private final DockerCli docker;
  private final String instance;
  private final KnownHosts hosts;
  private final Timing timing;
  private final Clock clock;
  private final Map<ResourceKey, Object> locks = new ConcurrentHashMap<>();
  /** The nodes packed several to a container; this class keeps the one-container nodes and dispatches. */
  private final PackedNodes packs;

  DockerProcessManager(DockerCli docker, String instance, List<String> hosts, Timing timing, Clock clock) {
    this.docker = Objects.requireNonNull(docker, "docker");
    this.instance = Objects.requireNonNull(instance, "instance");
    this.hosts = new KnownHosts(hosts);
    this.timing = Objects.requireNonNull(timing, "timing");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.packs = new PackedNodes(docker, instance, timing);
  }

  /** The container name of {@code key}. */
  String container(ResourceKey key) {
    return ContainerNames.of(instance, key);
  }

  /** The name of the container an upgrade of {@code key} makes beside the old one. */
  String upgrading(ResourceKey key) {
    return container(key) + NEXT_SUFFIX;
  }

  /**
   * {@inheritDoc}
   *
   * <p>A container that runs is returned as it is, even when its spec has changed since: stop it
   * to have it made again at the next start. A stopped one made from the same spec is started
   * again; one made from another spec is removed and made anew. A node packed with others
   * ({@link DockerSpec#PACK_SIZE}) is started in its pack ({@link PackedNodes}); a node that runs in
   * a pack still is returned as it is, and one that does not is forgotten there once its own
   * container runs.
   */
  @Override
  public ProcessStatus start(Spec spec) {
    if (PackConfig.packs(spec)) {
      return startPacked(spec);
    }
    ResourceKey key = spec.key();
    String host = key.host();
    ContainerConfig config = ContainerConfig.of(spec, instance, timing.stopGrace());
    hosts.touch(host);
    synchronized (lock(key)) {
      docker.version(host);
      Optional<Container> existing = settle(key);
      PackedNodes.Placements packed = existing.isPresent() ? PackedNodes.Placements.none(key) : packs.locate(key);
      Optional<ProcessStatus> runningPacked = packs.running(packed);
      if (runningPacked.isPresent()) {
        return runningPacked.get();
      }
      ProcessStatus started = startSingle(spec, config, existing);
      packs.forgetAll(packed);
      return started;
    }
  }

  /** {@link #start} of a node in a container of its own. Call under the node's lock. */
  private ProcessStatus startSingle(Spec spec, ContainerConfig config, Optional<Container> existing) {
    ResourceKey key = spec.key();
    String host = key.host();
    if (existing.isPresent()) {
      requireOwn(key, existing.get());
      ProcessStatus status = status(key, existing.get());
      if (status.state() == ProcessState.RUNNING) {
        return status;
      }
      if (existing.get().label(ContainerConfig.LABEL_SPEC_HASH).filter(config.specHash()::equals).isPresent()) {
        return startContainer(key, config, existing.get().id(), existing.get().status().equals("created"));
      }
      LOG.info("The spec of {} changed since its container {} on {} was made: making it again", key, config.name(), host);
      docker.remove(host, existing.get().id(), true);
    }
    if (config.publishesEverywhere() && !ProcessSpec.ports(spec).isEmpty()) {
      LOG.warn("{} publishes its ports on {} of {}: Docker's published ports bypass ufw, so every network {} is on can reach them;"
          + " set {} to 127.0.0.1 or to the one address they are for", key, config.publishAddress(), host, host, DockerSpec.PUBLISH_ADDRESS);
    }
    CommandResult created = docker.create(host, config);
    if (!created.succeeded() && created.stderr().contains("Conflict. The container name")) {
      // Made meanwhile outside this manager: by another manager of this instance (adopted), or by someone else (refused).
      Container there = docker.inspect(host, config.name()).orElseThrow(() -> new ProcessStartException(key, "Could not start " + key
          + " on " + host + ": a container named " + config.name() + " came and went while Steward made it; docker said: "
          + created.stderr().strip()));
      requireOwn(key, there);
      LOG.info("Adopting container {} on {} for {}: it was made meanwhile by another manager of instance {}", config.name(), host, key,
          instance);
      return running(there) ? status(key, there) : startContainer(key, config, there.id(), false);
    }
    return startContainer(key, config, docker.created(key, config, created), true);
  }

  /** {@link #start} of a packed node: a container of its own that runs is returned as it is, a stopped one goes. */
  private ProcessStatus startPacked(Spec spec) {
    return onPacked(spec, (config, single) -> {
      if (single.isPresent()) {
        if (running(single.get())) {
          return status(spec.key(), single.get());
        }
        LOG.info("{} is packed now: removing its stopped container {} on {}", spec.key(), single.get().name(), spec.key().host());
        docker.remove(spec.key().host(), single.get().id(), true);
      }
      return packs.start(config);
    });
  }

  /** What start and replace do to a packed node, given the container of its own it may still have. */
  private interface PackedChange {
    ProcessStatus apply(PackConfig config, Optional<Container> single);
  }

  /** Runs {@code change} under the node's lock, once its spec is checked and what an interrupted upgrade left of its own container settled. */
  private ProcessStatus onPacked(Spec spec, PackedChange change) {
    PackConfig config = PackConfig.of(spec, instance, timing.stopGrace());
    ResourceKey key = spec.key();
    hosts.touch(key.host());
    synchronized (lock(key)) {
      docker.version(key.host());
      Optional<Container> single = settle(key);
      single.ifPresent(container -> requireOwn(key, container));
      return change.apply(config, single);
    }
  }

  /**
   * {@inheritDoc}
   *
   * <p>An upgrade that keeps the old container until the new one has proved itself: the new
   * container is made beside the old one (named {@code NAME-next}; the image is pulled now, while
   * the old one still serves), the old one is stopped, the new one started and watched for the
   * start check; then the old one is removed and the new one takes its name. When the new one
   * cannot be made, nothing changes; when it does not stay up, it is removed and the old one
   * started again, and the failure says so. Ports are not shared, so the two never run at once.
   * Each step can be interrupted: the next start or replace of the node finishes or undoes it.
   * A packed node moves to its new pack the same way ({@link PackedNodes#replace}); a node that
   * moves out of a pack is stopped there, started in its own container, and forgotten in the pack
   * once it runs (started there again when it does not).
   */
  @Override
  public ProcessStatus replace(Spec spec, Duration grace) {
    if (PackConfig.packs(spec)) {
      return onPacked(spec, (config, single) -> packs.replace(config, grace, single));
    }
    ResourceKey key = spec.key();
    String host = key.host();
    ContainerConfig config = ContainerConfig.of(spec, instance, timing.stopGrace());
    hosts.touch(host);
    synchronized (lock(key)) {
      docker.version(host);
      Optional<Container> old = settle(key);
      Optional<PackedNodes.Parked> parked = old.isPresent() ? Optional.empty() : packs.park(key, grace);
      if (parked.isPresent()) {
        try {
          return start(spec);
        } catch (ProcessStartException e) {
          throw packs.unpark(parked.get(), e);
        }
      }
      if (old.isEmpty() || old.get().label(ContainerConfig.LABEL_SPEC_HASH).filter(config.specHash()::equals).isPresent()) {
        return start(spec);
      }
      requireOwn(key, old.get());
      ContainerConfig next = config.named(upgrading(key));
      String id = docker.created(key, next, docker.create(host, next));
      boolean wasRunning = running(old.get());
      if (wasRunning) {
        docker.stop(host, old.get().id(), grace);
      }
      try {
        startContainer(key, next, id, true);
      } catch (ProcessStartException e) {
        docker.remove(host, id, true);
        String back = "";
        if (wasRunning) {
          CommandResult restarted = docker.start(host, old.get().id());
          back = restarted.succeeded() ? "; the old container " + old.get().name() + " runs again"
              : "; the old container " + old.get().name() + " did not start again either: " + restarted.stderr().strip();
        }
        LOG.warn("The upgrade of {} on {} to {} failed: {}{}", key, host, config.image(), e.getMessage(), back);
        throw new ProcessStartException(key, "Could not upgrade " + key + " on " + host + " to its new container (" + config.image()
            + "), which was removed" + back + ": " + e.getMessage(), e.exitCode(), e.logTail(), e);
      }
      docker.remove(host, old.get().id(), true);
      docker.rename(host, id, config.name());
      LOG.info("Upgraded {} on {}: container {} ({}) replaced the one made from {}", key, host, config.name(), config.image(),
          old.get().image());
      return status(key, inspectOwn(key, config.name()));
    }
  }

  /**
   * The node's container, once what an interrupted upgrade left is settled: a new container whose
   * old one is already gone takes the node's name; one whose old container is still there is
   * removed (the upgrade starts over). Call under the node's lock.
   */
  private Optional<Container> settle(ResourceKey key) {
    String host = key.host();
    List<Container> found = docker.inspect(host, List.of(container(key), upgrading(key)));
    Optional<Container> current = found.stream().filter(c -> c.name().equals(container(key))).findFirst();
    Optional<Container> next = found.stream().filter(c -> c.name().equals(upgrading(key)) && ours(key, c, upgrading(key))).findFirst();
    if (next.isEmpty()) {
      return current;
    }
    if (current.isEmpty()) {
      LOG.info("Finishing an interrupted upgrade of {} on {}: its new container {} takes the name {}", key, host, next.get().name(),
          container(key));
      docker.rename(host, next.get().id(), container(key));
      return docker.inspect(host, container(key));
    }
    LOG.info("Undoing an interrupted upgrade of {} on {}: removing its new container {}", key, host, next.get().name());
    docker.remove(host, next.get().id(), true);
    return current;
  }

  /**
   * Starts the container and watches it for the start check. A container that never ran is
   * removed when docker cannot start it, so a failed start leaves nothing half-made.
   */
  private ProcessStatus startContainer(ResourceKey key, ContainerConfig config, String id, boolean neverRan) {
    String host = key.host();
    CommandResult started = docker.start(host, id);
    if (!started.succeeded()) {
      String said = started.stderr().strip();
      if (neverRan) {
        docker.remove(host, id, true);
      }
      String why = said.contains("port is already allocated") || said.contains("address already in use")
          ? "a port it publishes is already taken on " + host + " (by another container or process): free it, or publish another port"
          : "docker could not start its container " + config.name();
      throw new ProcessStartException(key, "Could not start " + key + " on " + host + ": " + why + (neverRan ? " (the container was removed)" : "")
          + "; docker said: " + said);
    }
    return awaitRunning(key, config.name());
  }

  /** Watches the container for the start check: it must keep running, without a restart. */
  private ProcessStatus awaitRunning(ResourceKey key, String name) {
    String host = key.host();
    Instant deadline = clock.instant().plus(timing.startCheck());
    Container state = inspectOwn(key, name);
    Optional<Instant> started = state.startedAt();
    while (running(state) && clock.instant().isBefore(deadline)) {
      sleep(POLL);
      state = inspectOwn(key, name);
      if (!state.startedAt().equals(started)) {
        break;
      }
    }
    if (!running(state) || !state.startedAt().equals(started)) {
      List<String> logs = docker.logs(host, name);
      OptionalInt exit = state.running() ? OptionalInt.empty() : OptionalInt.of(state.exitCode());
      throw new ProcessStartException(key, "Could not start " + key + " as container " + name + " on " + host + ": it did not stay up ("
          + describe(state) + ")" + (logs.isEmpty() ? "; it printed nothing" : "; its last lines:\n  " + String.join("\n  ", logs)),
          exit, logs, null);
    }
    return status(key, state);
  }

  private Container inspectOwn(ResourceKey key, String name) {
    return docker.inspect(key.host(), name).orElseThrow(() -> new StewardException(
        "The container " + name + " of " + key + " on " + key.host() + " was removed while Steward started it"));
  }

  /** {@inheritDoc} A packed node is stopped in its pack, its neighbours untouched. */
  @Override
  public ProcessStatus stop(ResourceKey key, Duration grace) {
    return onOwnContainer(key, grace, () -> packs.stop(key, grace), container -> {
      if (container.running()) {
        docker.stop(key.host(), container.id(), grace);
        LOG.info("Stopped {} ({} on {})", key, container.name(), key.host());
      }
      return docker.inspect(key.host(), container.id()).map(c -> status(key, c)).orElse(ProcessStatus.absent(key));
    });
  }

  /**
   * {@inheritDoc}
   *
   * <p>Stops the container as {@link #stop} does, then removes it with its anonymous volumes
   * (named volumes stay), so it is gone from the host. A packed node is stopped and forgotten in
   * its pack, and the pack container goes when no node is left in it.
   */
  @Override
  public ProcessStatus remove(ResourceKey key, Duration grace) {
    return onOwnContainer(key, grace, () -> packs.remove(key, grace), container -> {
      if (container.running()) {
        docker.stop(key.host(), container.id(), grace);
      }
      docker.remove(key.host(), container.id(), false);
      LOG.info("Removed {} ({} on {})", key, container.name(), key.host());
      return ProcessStatus.absent(key);
    });
  }

  /** What stop and remove do to a container of ours. */
  private interface ContainerChange {
    ProcessStatus apply(Container container);
  }

  /**
   * Runs {@code change} on the node's container, under the node's lock, when it is there and ours;
   * {@code packed} (the node in a pack, if it is in one) otherwise.
   */
  private ProcessStatus onOwnContainer(ResourceKey key, Duration grace, Supplier<ProcessStatus> packed, ContainerChange change) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(grace, "grace");
    if (grace.isNegative()) {
      throw new IllegalArgumentException("The grace to stop " + key + " is " + grace + ": it must not be negative");
    }
    hosts.touch(key.host());
    synchronized (lock(key)) {
      Optional<Container> container = settle(key);
      if (container.isEmpty()) {
        return packed.get();
      }
      if (!ours(key, container.get())) {
        LOG.warn("Leaving the container {} on {} alone: it has the name of {} but not the labels this instance gives that node", container.get().name(),
            key.host(), key);
        return packed.get();
      }
      return change.apply(container.get());
    }
  }

  @Override
  public ProcessStatus status(ResourceKey key) {
    Objects.requireNonNull(key, "key");
    hosts.touch(key.host());
    List<Container> found = docker.inspect(key.host(), List.of(container(key), upgrading(key)));
    Optional<Container> current = found.stream().filter(c -> c.name().equals(container(key))).findFirst();
    return current.filter(c -> ours(key, c))
        .or(() -> current.isPresent() || found.stream().noneMatch(c -> ours(key, c, upgrading(key))) ? Optional.empty() : finishRename(key))
        .map(c -> status(key, c)).orElseGet(() -> packs.status(key));
  }

  /**
   * The node's container once an upgrade cut short between removing the old container and renaming
   * the new one is finished: the new one takes the node's name. Without this, a node whose record
   * already says it runs the new version would keep a container under the upgrade's name for good.
   */
  private Optional<Container> finishRename(ResourceKey key) {
    synchronized (lock(key)) {
      return settle(key);
    }
  }

  /** Every node on every host in {@code steward.docker.hosts} and every host this manager has touched. */
  @Override
  public List<ProcessStatus> list() {
    return hosts.collect(this::list);
  }

  /**
   * {@inheritDoc}
   *
   * <p>Two commands on the host, however many containers: {@code docker ps} of this instance's
   * label, then one {@code docker inspect} of all it found; and one {@code docker exec} in each
   * running pack container, which lists all its nodes.
   */
  @Override
  public List<ProcessStatus> list(String host) {
    Objects.requireNonNull(host, "host");
    hosts.touch(host);
    Map<ResourceKey, ProcessStatus> nodes = new TreeMap<>();
    Map<ResourceKey, Container> upgrades = new TreeMap<>();
    List<Container> packContainers = new ArrayList<>();
    for (Container container : docker.inspect(host, docker.containersOf(host, instance))) {
      if (PackContainers.isPack(container)) {
        packContainers.add(container);
        continue;
      }
      Optional<ResourceKey> key = container.label(ContainerConfig.LABEL_KEY).flatMap(ProcessSpec::resourceOfMarker)
          .map(local -> ResourceKey.of(local.kind(), local.name(), host));
      if (key.isPresent() && ours(key.get(), container)) {
        nodes.put(key.get(), status(key.get(), container));
      } else if (key.isPresent() && ours(key.get(), container, upgrading(key.get()))) {
        upgrades.put(key.get(), container);
      } else {
        LOG.warn("Ignoring container {} on {}: it is labelled as instance {}'s but is not a container Steward made for a node",
            container.name(), host, instance);
      }
    }
    // The new container of an upgrade stands for its node only once the old one is gone; then it takes the node's name.
    upgrades.forEach((key, container) -> {
      if (!nodes.containsKey(key)) {
        nodes.put(key, status(key, finishRename(key).orElse(container)));
      }
    });
    packs.statuses(host, packContainers).forEach((key, packed) -> nodes.merge(key, packed, PackedNodes::preferred));
    return List.copyOf(nodes.values());
  }

  /**
   * {@inheritDoc}
   *
   * <p>The docker command's and the engine's, each with its API version, from {@code docker
   * version}: read with the first command on the host and kept (see {@link DockerVersion#components()}).
   */
  @Override
  public Map<String, String> versions(String host) {
    return docker.version(Objects.requireNonNull(host, "host")).components();
  }

  /** Whether {@code container} is the one this instance made for {@code key}: its labels and its name say so. */
  private boolean ours(ResourceKey key, Container container) {
    return ours(key, container, container(key));
  }

  private boolean ours(ResourceKey key, Container container, String name) {
    return container.name().equals(name)
        && container.label(ContainerConfig.LABEL_INSTANCE).filter(instance::equals).isPresent()
        && container.label(ContainerConfig.LABEL_HOST).filter(key.host()::equals).isPresent()
        && container.label(ContainerConfig.LABEL_KEY).filter(ProcessSpec.resourceMarker(key)::equals).isPresent();
  }

  /** Refuses a container of the node's name that this instance did not make for the node. */
  private void requireOwn(ResourceKey key, Container container) {
    if (!ours(key, container)) {
      String owner = container.label(ContainerConfig.LABEL_INSTANCE)
          .map(i -> "Steward instance " + i + "'s container for " + container.label(ContainerConfig.LABEL_KEY).orElse("(no node)")
              + container.label(ContainerConfig.LABEL_HOST).map(h -> " on host " + h).orElse(" (no host label)"))
          .orElse("not Steward's (it has no " + ContainerConfig.LABEL_INSTANCE + " label)");
      throw new ForeignContainerException(key.host(), container.name(), "The container " + container.name() + " on " + key.host()
          + " is " + owner + ", so Steward will not start, stop or remove it for " + key
          + ": remove or rename that container, or give the node another name");
    }
  }

  /** What Docker says of the container, as a status with its facts in the attributes. */
  ProcessStatus status(ResourceKey key, Container container) {
    ProcessState state = state(container);
    Map<String, String> attributes = container.facts(docker.version(key.host()));
    attributes.put("exit_code", Integer.toString(container.exitCode()));
    attributes.put("oom_killed", Boolean.toString(container.oomKilled()));
    attributes.put("restart_count", Integer.toString(container.restartCount()));
    container.health().ifPresent(h -> attributes.put("health", h));
    container.label(ContainerConfig.LABEL_SPEC_HASH).ifPresent(h -> attributes.put("spec_hash", h));
    container.label(ContainerConfig.LABEL_VERSION).ifPresent(v -> attributes.put("version", v));
    container.finishedAt().ifPresent(t -> attributes.put("finished_at", t.toString()));
    if (!container.error().isEmpty()) {
      attributes.put("error", container.error());
    }
    if (state == ProcessState.FAILED) {
      attributes.put("reason", describe(container));
    }
    return new ProcessStatus(key, state, state == ProcessState.RUNNING ? container.pid() : OptionalLong.empty(),
        container.startedAt(), attributes);
  }

  static ProcessState state(Container container) {
    switch (container.status()) {
      case "running", "paused":
        return ProcessState.RUNNING;
      case "restarting", "dead":
        return ProcessState.FAILED;
      case "created", "removing":
        return ProcessState.STOPPED;
      default:
        return !container.oomKilled() && (container.exitCode() == 0 || container.exitCode() == STOPPED_BY_SIGNAL)
            ? ProcessState.STOPPED
            : ProcessState.FAILED;
    }
  }

  /** Why a container is not running, in words. */
  static String describe(Container container) {
    if (container.oomKilled()) {
      return "killed for going over its memory limit (OOMKilled, exit " + container.exitCode() + ")";
    }
    if (container.restarting()) {
      return "restarting by its restart policy after exit " + container.exitCode();
    }
    if (container.running()) {
      return container.status();
    }
    return container.status() + ", exit " + container.exitCode() + (container.error().isEmpty() ? "" : ": " + container.error());
  }

  private static boolean running(Container container) {
    return state(container) == ProcessState.RUNNING;
  }

  private Object lock(ResourceKey key) {
    return locks.computeIfAbsent(key, k -> new Object());
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StewardException("Interrupted while watching a container start", e);
    }
  }
}
