package dev.steward.docker.internal;

import dev.steward.CommandResult;
import dev.steward.ProcessSpec;
import dev.steward.ProcessStartException;
import dev.steward.ProcessState;
import dev.steward.ProcessStatus;
import dev.steward.ResourceKey;
import dev.steward.StewardException;
import dev.steward.docker.internal.PackContainers.Pack;
import dev.steward.docker.internal.PackShell.PackExecException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Nodes packed several to a container ({@link PackConfig}): each a process in its pack container,
 * started with {@code docker exec} under a supervisor of its own ({@link PackScripts}), with a
 * status of its own. Starting, stopping or removing one never touches its neighbours.
 *
 * <p>A key alone does not say which pack holds its node, so every operation on a node first reads
 * the instance's pack containers on its host ({@link #locate}): one {@code docker ps}, one {@code
 * docker inspect}, and one {@code docker exec} per running pack, whatever the number of nodes. A
 * pack container that is not running holds no running node, and its state cannot be read: its
 * nodes are not reported at all (they are absent), and when it is started again its keeper clears
 * what they left.
 *
 * <p>A node is found in two packs only while an upgrade moves it, or when one was cut short: the
 * one that runs stands for it, else the one started last, and the next start, replace or remove
 * of the node forgets the others. A pack container goes when no node is left in it: when its last
 * node is removed or moves out, and when a start, replace or remove finds it empty (what an
 * interrupted remove or upgrade leaves); a start or replace also removes the stopped pack
 * containers of its pack (its label) made from another spec.
 *
 * <p>Callers hold the node's lock ({@link DockerProcessManager}); a pack container is made,
 * started, given a node or removed under its own lock, so two nodes of one pack may start at once
 * and a pack is never removed under a node being started in it. Thread-safe.
 */
final class PackedNodes {
  private static final Logger LOG = LoggerFactory.getLogger(PackedNodes.class);

  /** A node in the pack it was found in. */
  record Placed(Pack pack, PackedNode node) {}

  /**
   * Where a node was found, read once, with every pack container of its instance on its host:
   * the places are in order of preference, the one that runs first, then the one started last.
   */
  record Placements(ResourceKey key, List<Pack> packs, List<Placed> places) {
    Placements {
      packs = List.copyOf(packs);
      places = places.stream().sorted(Comparator.comparing((Placed p) -> !p.node().alive())
          .thenComparing(p -> p.node().startedAt().orElse(Instant.EPOCH), Comparator.reverseOrder())).toList();
    }

    /** Nowhere: for a node that has a container of its own. */
    static Placements none(ResourceKey key) {
      return new Placements(key, List.of(), List.of());
    }

    Optional<Placed> primary() {
      return places.stream().findFirst();
    }

    Optional<Placed> running() {
      return primary().filter(p -> p.node().alive());
    }
  }

  /**
   * A node stopped for a move out of its pack: where it was, what starts it there again (when it
   * ran), and its places as they are now.
   */
  record Parked(ResourceKey key, Placed place, Optional<NodeLaunch> launch, Placements after) {}

  private final DockerCli docker;
  private final PackShell shell;
  private final PackContainers packs;
  private final String instance;
  private final DockerProcessManager.Timing timing;

  PackedNodes(DockerCli docker, String instance, DockerProcessManager.Timing timing) {
    this.docker = Objects.requireNonNull(docker, "docker");
    this.shell = new PackShell(docker);
    this.instance = Objects.requireNonNull(instance, "instance");
    this.packs = new PackContainers(docker, shell, instance);
    this.timing = Objects.requireNonNull(timing, "timing");
  }

  /** Of a node found both in a container of its own and in a pack: the one that runs. */
  static ProcessStatus preferred(ProcessStatus single, ProcessStatus packed) {
    return single.state() != ProcessState.RUNNING && packed.state() == ProcessState.RUNNING ? packed : single;
  }

  // ---- reading ----

  /** Where {@code key}'s node is: one docker ps, one docker inspect, one docker exec per running pack container. */
  Placements locate(ResourceKey key) {
    String host = key.host();
    List<Pack> onHost = packs.onHost(host);
    String directory = NodeLaunch.directoryOf(key);
    List<Placed> places = new ArrayList<>();
    for (Pack pack : onHost) {
      pack.nodes().stream().filter(n -> n.directory().equals(directory) && n.resource().equals(ProcessSpec.resourceMarker(key)))
          .forEach(n -> places.add(new Placed(pack, n)));
    }
    return new Placements(key, onHost, places);
  }

  /** The status of the node where it runs, when it runs in a pack. */
  Optional<ProcessStatus> running(Placements placements) {
    return placements.running().map(p -> status(placements.key(), p));
  }

  /** The node of {@code key} as the packs show it; absent when no pack holds it. */
  ProcessStatus status(ResourceKey key) {
    return locate(key).primary().map(p -> status(key, p)).orElse(ProcessStatus.absent(key));
  }

  /** Every node in these containers of the host that are this instance's packs: one docker exec per running pack. */
  Map<ResourceKey, ProcessStatus> statuses(String host, List<Container> containers) {
    Map<ResourceKey, List<Placed>> found = new TreeMap<>();
    for (Pack pack : packs.read(host, containers)) {
      for (PackedNode node : pack.nodes()) {
        key(host, pack, node).ifPresent(key -> found.computeIfAbsent(key, k -> new ArrayList<>()).add(new Placed(pack, node)));
      }
    }
    Map<ResourceKey, ProcessStatus> statuses = new TreeMap<>();
    found.forEach((key, places) -> new Placements(key, List.of(), places).primary().ifPresent(p -> statuses.put(key, status(key, p))));
    return statuses;
  }

  /** The node a listed directory is, when it is one: its resource and its directory agree. */
  private static Optional<ResourceKey> key(String host, Pack pack, PackedNode node) {
    Optional<ResourceKey> key = ProcessSpec.resourceOfMarker(node.resource()).map(local -> ResourceKey.of(local.kind(), local.name(), host))
        .filter(k -> NodeLaunch.directoryOf(k).equals(node.directory()));
    if (key.isEmpty()) {
      LOG.warn("Ignoring the directory {} in pack container {} on {}: it records the node '{}', which does not name it",
          node.directory(), pack.name(), host, node.resource());
    }
    return key;
  }

  // ---- start, stop, remove ----

  /**
   * Starts the node in its pack unless it runs somewhere already (then its status, as it is, even
   * when its spec has changed since: stop it to have it started anew): the pack container is made
   * or started when it must be, the node started in it and watched for the start check.
   *
   * @throws ProcessStartException when the pack container cannot be made or started, or the node does not stay up
   */
  ProcessStatus start(PackConfig config) {
    return start(config, locate(config.node().key()));
  }

  private ProcessStatus start(PackConfig config, Placements placements) {
    Optional<Placed> running = placements.running();
    if (running.isPresent()) {
      tidy(placements, running.get());
      return status(placements.key(), running.get());
    }
    Placed started = launch(config);
    tidy(placements, started);
    return status(placements.key(), started);
  }

  /** Stops the node wherever it runs: TERM, KILL after {@code grace}. Its neighbours are not touched. */
  ProcessStatus stop(ResourceKey key, Duration grace) {
    Placements placements = locate(key);
    Optional<Placed> primary = placements.primary();
    if (primary.isEmpty()) {
      return ProcessStatus.absent(key);
    }
    Placed after = primary.get();
    for (Placed placed : placements.places()) {
      if (placed.node().alive()) {
        PackedNode stopped = shell.stop(key.host(), placed.pack().name(), placed.node().directory(), grace);
        LOG.info("Stopped {} (pid {} in pack container {} on {})", key, placed.node().pid().orElse(0), placed.pack().name(), key.host());
        if (placed == primary.get()) {
          after = new Placed(placed.pack(), stopped);
        }
      }
    }
    return status(key, after);
  }

  /**
   * Stops the node and forgets it in every pack it is in; a pack container left without nodes goes,
   * and so does any other running pack container of the instance on the host that holds none.
   */
  ProcessStatus remove(ResourceKey key, Duration grace) {
    Placements placements = locate(key);
    for (Placed placed : placements.places()) {
      if (placed.node().alive()) {
        shell.stop(key.host(), placed.pack().name(), placed.node().directory(), grace);
      }
      forget(key, placed);
      LOG.info("Removed {} (from pack container {} on {})", key, placed.pack().name(), key.host());
    }
    for (Pack pack : placements.packs()) {
      if (pack.running() && pack.nodes().isEmpty()) {
        packs.removeIfEmpty(key, pack, false);
      }
    }
    return ProcessStatus.absent(key);
  }

  /** Forgets the node in every pack it was found in, once it was started in a container of its own. */
  void forgetAll(Placements placements) {
    for (Placed placed : placements.places()) {
      forget(placements.key(), placed);
    }
  }

  // ---- upgrades ----

  /**
   * Moves the node into the pack {@code config} names, for an upgrade: from the container of its
   * own when {@code single} is one (a fleet that packs its nodes now), else from the pack it is
   * in. The new pack container is made first, beside the old one (its image pulled while the old
   * node serves); then the node is stopped where it is, started in the new pack and watched; then
   * it is forgotten in the old pack, which goes when it is left empty. When the node does not stay
   * up, it is forgotten in the new pack and started again where it was.
   *
   * @throws ProcessStartException when it does not come up in the new pack, saying whether it runs again where it was
   */
  ProcessStatus replace(PackConfig config, Duration grace, Optional<Container> single) {
    ResourceKey key = config.node().key();
    if (single.isPresent()) {
      return moveIn(config, grace, single.get());
    }
    Placements placements = locate(key);
    Optional<Placed> old = placements.primary();
    if (old.isEmpty() || old.get().pack().name().equals(config.container().name()) && old.get().node().hash().equals(config.node().hash())) {
      return start(config, placements);
    }
    Placed from = old.get();
    packs.ensure(config);
    Parked parked = park(placements, grace);
    Placed started;
    try {
      started = launch(config);
    } catch (ProcessStartException e) {
      throw rollback(config, from, parked.launch(), e);
    }
    tidy(parked.after(), started);
    LOG.info("Upgraded {} on {}: it runs in pack container {} ({}), started from its new spec where it ran in {}", key, key.host(),
        config.container().name(), config.container().image(), from.pack().name());
    return status(key, started);
  }

  /** Stops the node in its pack for a move out of it, when it is in one; empty when it is in none. */
  Optional<Parked> park(ResourceKey key, Duration grace) {
    Placements placements = locate(key);
    return placements.primary().isEmpty() ? Optional.empty() : Optional.of(park(placements, grace));
  }

  /**
   * After a move out of its pack failed: removes the container the move made, starts the node again
   * in its pack, and says so in the failure it returns.
   */
  ProcessStartException unpark(Parked parked, ProcessStartException failure) {
    ResourceKey key = parked.key();
    docker.remove(key.host(), ContainerNames.of(instance, key), true);
    String back = parked.launch().map(launch -> startAgain(parked.place(), launch)).orElse("");
    LOG.warn("Moving {} on {} out of pack container {} failed: {}{}", key, key.host(), parked.place().pack().name(), failure.getMessage(),
        back);
    return new ProcessStartException(key, "Could not move " + key + " on " + key.host() + " out of the pack container "
        + parked.place().pack().name() + " into a container of its own, which was removed" + back + ": " + failure.getMessage(),
        failure.exitCode(), failure.logTail(), failure);
  }

  private Parked park(Placements placements, Duration grace) {
    Placed primary = placements.primary().orElseThrow();
    Optional<NodeLaunch> launch = Optional.empty();
    List<Placed> after = new ArrayList<>();
    for (Placed placed : placements.places()) {
      if (placed.node().alive()) {
        PackedNode stopped = shell.stop(placements.key().host(), placed.pack().name(), placed.node().directory(), grace);
        if (placed == primary) {
          launch = stopped.launch().map(token -> NodeLaunch.fromToken(placements.key(), stopped.version(), stopped.hash(), token));
        }
        placed = new Placed(placed.pack(), stopped);
      }
      after.add(placed);
    }
    return new Parked(placements.key(), primary, launch, new Placements(placements.key(), placements.packs(), after));
  }

  /** {@link #replace} from the node's own container into its pack. */
  private ProcessStatus moveIn(PackConfig config, Duration grace, Container single) {
    ResourceKey key = config.node().key();
    String host = key.host();
    packs.ensure(config);
    boolean wasRunning = DockerProcessManager.state(single) == ProcessState.RUNNING;
    if (wasRunning) {
      docker.stop(host, single.id(), grace);
    }
    Placed started;
    try {
      started = launch(config);
    } catch (ProcessStartException e) {
      String back = forgetFailed(key, config);
      if (wasRunning) {
        CommandResult restarted = docker.start(host, single.id());
        back += restarted.succeeded() ? "; its container " + single.name() + " runs again"
            : "; its container " + single.name() + " did not start again either: " + restarted.stderr().strip();
      }
      throw new ProcessStartException(key, "Could not move " + key + " on " + host + " into the pack container "
          + config.container().name() + back + ": " + e.getMessage(), e.exitCode(), e.logTail(), e);
    }
    docker.remove(host, single.id(), true);
    LOG.info("Moved {} on {} from its container {} into the pack container {}", key, host, single.name(), config.container().name());
    return status(key, started);
  }

  /** After an upgrade's node did not stay up: forgets it in the new pack and starts the old one again. */
  private ProcessStartException rollback(PackConfig config, Placed from, Optional<NodeLaunch> previous, ProcessStartException e) {
    ResourceKey key = config.node().key();
    String target = config.container().name();
    boolean moved = !target.equals(from.pack().name());
    String back = (moved ? forgetFailed(key, config) : "") + previous.map(launch -> startAgain(from, launch)).orElse("");
    LOG.warn("The upgrade of {} on {} in pack container {} ({}) failed: {}{}", key, key.host(), target, config.container().image(),
        e.getMessage(), back);
    return new ProcessStartException(key, "Could not upgrade " + key + " on " + key.host() + " in the pack container " + target + " ("
        + config.container().image() + ")" + (moved ? ", where it was forgotten" : "") + back + ": " + e.getMessage(),
        e.exitCode(), e.logTail(), e);
  }

  /** Forgets a node that did not stay up in its new pack; says so in words only when that failed too. */
  private String forgetFailed(ResourceKey key, PackConfig config) {
    try {
      packs.forget(key, config.container().name(), config.node().directory());
      return "";
    } catch (StewardException e) {
      return "; forgetting it in " + config.container().name() + " failed too: " + e.getMessage();
    }
  }

  /** Starts a node again where it was, from what started it; says how that went, for a failure's message. */
  private String startAgain(Placed where, NodeLaunch launch) {
    String host = launch.key().host();
    String pack = where.pack().name();
    try {
      PackedNode again = packs.locked(host, pack, () -> shell.start(host, pack, launch));
      if (again.alive()) {
        again = shell.watch(host, pack, launch.directory(), timing.startCheck());
      }
      return again.alive() ? "; it runs again in the pack container " + pack
          : "; it did not start again in the pack container " + pack + " either (" + describe(again) + ")";
    } catch (StewardException again) {
      return "; it did not start again in the pack container " + pack + " either: " + again.getMessage();
    }
  }

  // ---- starting a node ----

  /** Makes or starts the pack container when it must, starts the node in it, and watches it for the start check. */
  private Placed launch(PackConfig config) {
    NodeLaunch node = config.node();
    String host = node.key().host();
    Placed placed = packs.locked(host, config.container().name(), () -> {
      Container running = packs.ensure(config);
      return new Placed(new Pack(running, List.of(), true), startIn(node, running));
    });
    Container container = placed.pack().container();
    PackedNode launched = placed.node();
    LOG.info("Started {} in pack container {} on {} (pid {} there)", node.key(), container.name(), host, launched.pid().orElse(0));
    PackedNode checked = launched.alive() ? shell.watch(host, container.name(), node.directory(), timing.startCheck()) : launched;
    if (!checked.alive()) {
      throw new ProcessStartException(node.key(), "Could not start " + node.key() + " in the pack container " + container.name() + " on "
          + host + ": it did not stay up (" + describe(checked) + ")" + (checked.logTail().isEmpty() ? "; it printed nothing"
          : "; its last lines:\n  " + String.join("\n  ", checked.logTail())), checked.exitCode(), checked.logTail(), null);
    }
    return new Placed(new Pack(container, List.of(checked), true), checked);
  }

  private PackedNode startIn(NodeLaunch node, Container container) {
    ResourceKey key = node.key();
    try {
      return shell.start(key.host(), container.name(), node);
    } catch (PackExecException e) {
      Optional<Container> now = docker.inspect(key.host(), container.id());
      if (!e.containerDown() || now.filter(PackContainers::up).isPresent()) {
        throw new ProcessStartException(key, e.getMessage());
      }
      List<String> logs = docker.logs(key.host(), container.name());
      throw new ProcessStartException(key, "Could not start " + key + " on " + key.host() + ": its pack container " + container.name()
          + " did not stay up (" + now.map(DockerProcessManager::describe).orElse("removed") + "): a pack's image needs "
          + PackScripts.TOOLS + (logs.isEmpty() ? "" : "; its last lines:\n  " + String.join("\n  ", logs)),
          now.filter(c -> !c.running()).map(c -> OptionalInt.of(c.exitCode())).orElse(OptionalInt.empty()), logs, e);
    }
  }

  /**
   * Settles a node found in several packs once it runs in {@code keep}: stops it anywhere else (it
   * never runs twice) and forgets it there; removes the other pack containers of its pack that are
   * not running, or hold no node.
   */
  private void tidy(Placements placements, Placed keep) {
    ResourceKey key = placements.key();
    for (Placed other : placements.places()) {
      if (other.pack().name().equals(keep.pack().name())) {
        continue;
      }
      if (other.node().alive()) {
        LOG.warn("{} runs in pack container {} and in {} on {}: stopping it in {}, so it runs once", key, keep.pack().name(),
            other.pack().name(), key.host(), other.pack().name());
        shell.stop(key.host(), other.pack().name(), other.node().directory(), timing.stopGrace());
      }
      forget(key, other);
    }
    for (Pack pack : placements.packs()) {
      if (!pack.name().equals(keep.pack().name()) && pack.label().equals(keep.pack().label()) && (!pack.running() || pack.nodes().isEmpty())) {
        packs.removeIfEmpty(key, pack, true);
      }
    }
  }

  private void forget(ResourceKey key, Placed placed) {
    packs.forget(key, placed.pack().name(), placed.node().directory());
  }

  // ---- statuses ----

  /** A node's status: its own state, its pack container's facts in the attributes. */
  private ProcessStatus status(ResourceKey key, Placed placed) {
    Container container = placed.pack().container();
    PackedNode node = placed.node();
    ProcessState state = state(node);
    Map<String, String> attributes = container.facts(docker.version(key.host()));
    attributes.put("pack", placed.pack().label());
    container.label(ContainerConfig.LABEL_SPEC_HASH).ifPresent(h -> attributes.put("pack_spec_hash", h));
    attributes.put("spec_hash", node.hash());
    if (!node.version().isEmpty()) {
      attributes.put("version", node.version());
    }
    node.exitCode().ifPresent(code -> attributes.put("exit_code", Integer.toString(code)));
    if (state == ProcessState.FAILED) {
      attributes.put("reason", describe(node));
      attributes.put("log", String.join("\n", node.logTail()));
    }
    return new ProcessStatus(key, state, state == ProcessState.RUNNING ? node.pid() : OptionalLong.empty(), node.startedAt(), attributes);
  }

  /**
   * RUNNING while it is alive; STOPPED when Steward stopped it, or it exited 0 or by its stop
   * signal (143); FAILED otherwise: another exit, or none recorded.
   */
  static ProcessState state(PackedNode node) {
    if (node.alive()) {
      return ProcessState.RUNNING;
    }
    int exit = node.exitCode().orElse(-1);
    return node.stopped() || exit == 0 || exit == DockerProcessManager.STOPPED_BY_SIGNAL ? ProcessState.STOPPED : ProcessState.FAILED;
  }

  /** Why a node does not run, in words. */
  static String describe(PackedNode node) {
    if (node.alive()) {
      return "running";
    }
    if (node.exitCode().isPresent()) {
      return "exited with status " + node.exitCode().getAsInt() + (node.stopped() ? ", stopped by Steward" : "");
    }
    return node.pid().isPresent() ? "it ended, and its supervisor recorded no exit status (was the supervisor killed too?)"
        : "its supervisor recorded no pid (it never started, or the supervisor was killed)";
  }
}
