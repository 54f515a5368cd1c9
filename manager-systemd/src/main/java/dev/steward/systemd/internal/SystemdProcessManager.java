package dev.steward.systemd.internal;

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
import dev.steward.observe.SystemdUnit;
import dev.steward.systemd.ForeignUnitException;
import dev.steward.systemd.SystemdSpec;
import dev.steward.spi.support.KnownHosts;
import java.time.Clock;
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
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One systemd unit per node, in {@code /etc/systemd/system} (system scope) or the transport user's
 * {@code ~/.config/systemd/user} (user scope), named by {@link UnitNames} and written by
 * {@link UnitFile}. Every command goes through the {@link Transport}, on the host of the node's key.
 *
 * <p>Units stay after a stop, so {@link #list()} reports stopped nodes and a later manager adopts
 * running ones from the files alone: the manager keeps no records of its own. {@link #remove}
 * deletes a unit for good.
 *
 * <p>Thread-safe: operations on one node are serialised in this manager; different nodes run at
 * once, and the starts on one host share their daemon-reloads ({@link ReloadGate}).
 */
final class SystemdProcessManager implements ProcessManager {
  private static final Logger LOG = LoggerFactory.getLogger(SystemdProcessManager.class);
  /** How often start and stop read the unit's state while they wait. */
  private static final Duration POLL = Duration.ofMillis(100);
  /** How long a stop waits for the unit to go after the SIGKILL that follows the grace. */
  private static final Duration AFTER_KILL = Duration.ofSeconds(10);

  /** How long things may take. */
  record Timing(Duration stopGrace, Duration startTimeout, Duration startCheck) {
    Timing {
      Objects.requireNonNull(stopGrace, "stopGrace");
      Objects.requireNonNull(startTimeout, "startTimeout");
      Objects.requireNonNull(startCheck, "startCheck");
    }
  }

  private final Systemctl systemctl;
  private final String instance;
  private final KnownHosts hosts;
  private final Timing timing;
  private final Clock clock;
  private final Map<ResourceKey, Object> locks = new ConcurrentHashMap<>();
  private final Map<String, ReloadGate> reloads = new ConcurrentHashMap<>();

  SystemdProcessManager(Transport transport, UnitScope scope, String instance, List<String> hosts, Timing timing, Clock clock) {
    this.systemctl = new Systemctl(transport, scope);
    this.instance = Objects.requireNonNull(instance, "instance");
    this.hosts = new KnownHosts(hosts);
    this.timing = Objects.requireNonNull(timing, "timing");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** The unit of {@code key}. */
  String unit(ResourceKey key) {
    return UnitNames.unit(instance, key);
  }

  /**
   * {@inheritDoc}
   *
   * <p>A node that runs is returned as it is, even when its spec has changed since: stop it to
   * have its unit rewritten at the next start.
   */
  @Override
  public ProcessStatus start(Spec spec) {
    ResourceKey key = spec.key();
    String host = key.host();
    String unit = unit(key);
    if (systemctl.scope() == UnitScope.USER && spec.property(SystemdSpec.USER).isPresent()) {
      throw new IllegalArgumentException("The spec of " + key + " names the user " + spec.property(SystemdSpec.USER).get()
          + ", but in user scope (steward.systemd.scope=user) every node runs as the transport's user: leave out its "
          + SystemdSpec.USER + ", or use the system scope");
    }
    String text = UnitFile.render(spec, instance, timing.stopGrace());
    hosts.touch(host);
    synchronized (lock(key)) {
      if (systemctl.scope() == UnitScope.USER) {
        requireLinger(key);
      }
      SystemdUnit before = systemctl.show(host, unit);
      Optional<String> current = systemctl.readUnitFile(host, unit);
      requireOwn(key, unit, before, current);
      ProcessStatus status = status(key, before);
      if (status.state() == ProcessState.RUNNING) {
        return status;
      }
      boolean changed = current.isEmpty() || !sameHash(current.get(), text);
      if (changed) {
        systemctl.writeUnitFile(host, unit, text);
        LOG.info("Wrote {} on {} for {}", systemctl.path(host, unit), host, key);
      }
      if (changed || before.property("NeedDaemonReload").filter("yes"::equals).isPresent()) {
        reload(host);
      }
      CommandResult started = systemctl.start(host, unit);
      if (!started.succeeded()) {
        throw startFailure(key, unit, "'systemctl start' exited with status " + started.exitCode() + ": "
            + started.stderr().strip(), null);
      }
      return awaitRunning(key, unit);
    }
  }

  /** Waits until the unit is active, then watches it for the start check: it must stay up. */
  private ProcessStatus awaitRunning(ResourceKey key, String unit) {
    String host = key.host();
    Instant deadline = clock.instant().plus(timing.startTimeout());
    SystemdUnit state = systemctl.show(host, unit);
    while (state.activeState().equals("activating") && clock.instant().isBefore(deadline)) {
      sleep(POLL);
      state = systemctl.show(host, unit);
    }
    if (!state.active()) {
      throw startFailure(key, unit, state.activeState().equals("activating")
          ? "it was still activating after " + timing.startTimeout()
          : "it is " + state.activeState() + " (" + state.subState() + ")", state);
    }
    String invocation = state.property("InvocationID").orElse("");
    Instant checked = clock.instant().plus(timing.startCheck());
    while (clock.instant().isBefore(checked)) {
      sleep(POLL);
      state = systemctl.show(host, unit);
      if (!state.active() || !state.property("InvocationID").orElse("").equals(invocation)) {
        throw startFailure(key, unit, "it did not stay up (" + state.activeState() + ", " + state.subState() + ")", state);
      }
    }
    return status(key, state);
  }

  private ProcessStartException startFailure(ResourceKey key, String unit, String what, SystemdUnit known) {
    String host = key.host();
    SystemdUnit state = known != null ? known : systemctl.show(host, unit);
    List<String> journal = systemctl.journal(host, unit);
    String result = state.property("Result").orElse("unknown");
    OptionalInt exit = state.property("ExecMainStatus").filter(s -> s.matches("[0-9]{1,3}"))
        .filter(s -> state.failed()).map(s -> OptionalInt.of(Integer.parseInt(s))).orElse(OptionalInt.empty());
    return new ProcessStartException(key, "Could not start " + key + " as " + unit + " on " + host + ": " + what
        + "; systemd's result: " + result
        + ExitStatus.explain(state).map(e -> " (" + e + ")").orElse("")
        + (journal.isEmpty() ? "; the journal has no lines for it" : "; its last journal lines:\n  " + String.join("\n  ", journal)),
        exit, journal, null);
  }

  /**
   * In user scope the user's systemd ends the user's units with their last session unless logind
   * keeps it running: refuses to start a node that would die with the transport's session.
   */
  private void requireLinger(ResourceKey key) {
    String host = key.host();
    if (!systemctl.lingers(host)) {
      String user = systemctl.facts(host).user();
      throw new ProcessStartException(key, "Could not start " + key + " as a user unit of " + user + " on " + host
          + ": lingering is off for " + user + ", so systemd would stop the node when " + user + "'s last session ends;"
          + " run 'loginctl enable-linger " + user + "' as root on " + host + " (or use steward.systemd.scope=system)");
    }
  }

  @Override
  public ProcessStatus stop(ResourceKey key, Duration grace) {
    return onOwnUnit(key, grace, (unit, before) -> status(key, stopUnit(key, unit, before, grace)));
  }

  /**
   * {@inheritDoc}
   *
   * <p>Stops the node as {@link #stop} does, then disables its unit, deletes the unit file and
   * reloads systemd, so the unit is gone from the host. A unit Steward did not write is refused
   * ({@link ForeignUnitException}) and left as it is.
   */
  @Override
  public ProcessStatus remove(ResourceKey key, Duration grace) {
    return onOwnUnit(key, grace, (unit, before) -> {
      String host = key.host();
      SystemdUnit stopped = stopUnit(key, unit, before, grace);
      systemctl.disableAndDelete(host, unit);
      reload(host);
      if (stopped.failed()) {
        // A failed unit stays in systemd's memory, file or not, until its failure is forgotten.
        systemctl.resetFailed(host, unit);
      }
      LOG.info("Removed {} ({}) from {}", key, unit, host);
      return ProcessStatus.absent(key);
    });
  }

  /** What stop and remove do to a unit that is there, given its name and state. */
  private interface UnitChange {
    ProcessStatus apply(String unit, SystemdUnit before);
  }

  /**
   * Runs {@code change} on the node's unit, under the node's lock, when the unit or its file is
   * there and the unit is Steward's; the node is absent otherwise.
   */
  private ProcessStatus onOwnUnit(ResourceKey key, Duration grace, UnitChange change) {
    requireGrace(key, grace);
    String host = key.host();
    String unit = unit(key);
    hosts.touch(host);
    synchronized (lock(key)) {
      SystemdUnit before = systemctl.show(host, unit);
      Optional<String> file = systemctl.readUnitFile(host, unit);
      if (!before.found() && file.isEmpty()) {
        return ProcessStatus.absent(key);
      }
      requireOwn(key, unit, before, file);
      return change.apply(unit, before);
    }
  }

  private static void requireGrace(ResourceKey key, Duration grace) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(grace, "grace");
    if (grace.isNegative()) {
      throw new IllegalArgumentException("The grace to stop " + key + " is " + grace + ": it must not be negative");
    }
  }

  /** Stops a unit that runs, killing it after {@code grace}; the state it ends in (the state it was in, when it did not run). */
  private SystemdUnit stopUnit(ResourceKey key, String unit, SystemdUnit before, Duration grace) {
    String host = key.host();
    if (!running(before)) {
      return before;
    }
    systemctl.stopWithoutWaiting(host, unit);
    SystemdUnit state = awaitGone(host, unit, grace);
    if (running(state)) {
      LOG.info("{} ({} on {}) did not stop within {}; sending SIGKILL", key, unit, host, grace);
      systemctl.kill(host, unit);
      state = awaitGone(host, unit, AFTER_KILL);
      if (running(state)) {
        throw new StewardException("Could not stop " + key + " (" + unit + " on " + host + "): it is still "
            + state.activeState() + " (" + state.subState() + ") after SIGKILL");
      }
      // Steward asked for the stop: the kill it used to finish it is no failure of the node.
      if (state.failed()) {
        systemctl.resetFailed(host, unit);
        state = systemctl.show(host, unit);
      }
    }
    return state;
  }

  private SystemdUnit awaitGone(String host, String unit, Duration limit) {
    Instant deadline = clock.instant().plus(limit);
    SystemdUnit state = systemctl.show(host, unit);
    while (running(state) && clock.instant().isBefore(deadline)) {
      sleep(POLL);
      state = systemctl.show(host, unit);
    }
    return state;
  }

  /** A daemon-reload on {@code host} that starts after this call, shared with every other caller waiting for one. */
  private void reload(String host) {
    reloads.computeIfAbsent(host, h -> new ReloadGate(() -> systemctl.daemonReload(h))).reloadSince();
  }

  @Override
  public ProcessStatus status(ResourceKey key) {
    Objects.requireNonNull(key, "key");
    hosts.touch(key.host());
    return status(key, systemctl.show(key.host(), unit(key)));
  }

  /** Every node on every host in {@code steward.systemd.hosts} and every host this manager has touched. */
  @Override
  public List<ProcessStatus> list() {
    return hosts.collect(this::list);
  }

  /**
   * {@inheritDoc}
   *
   * <p>One command on the host: the unit files whose {@code [X-Steward]} section names this
   * instance, their state, and the journal of those that failed.
   */
  @Override
  public List<ProcessStatus> list(String host) {
    Objects.requireNonNull(host, "host");
    hosts.touch(host);
    UnitListing.Listing listing = systemctl.list(host, instance);
    List<ProcessStatus> all = new ArrayList<>();
    for (String unit : listing.units()) {
      Optional<ResourceKey> key = keyOf(unit, host);
      if (key.isPresent()) {
        all.add(status(key.get(), listing.states().get(unit), Optional.ofNullable(listing.journals().get(unit))));
      }
    }
    all.sort(Comparator.comparing(ProcessStatus::key));
    return List.copyOf(all);
  }

  /**
   * {@inheritDoc}
   *
   * <p>{@code systemd}: the first line of {@code systemctl --version} after its name, e.g. {@code 252
   * (252.39-1~deb12u2)}, read with the host's other facts the first time they are needed and kept.
   */
  @Override
  public Map<String, String> versions(String host) {
    return Map.of("systemd", systemctl.facts(Objects.requireNonNull(host, "host")).systemdRelease());
  }

  /** The node a unit of this instance belongs to, read back from its name. */
  private Optional<ResourceKey> keyOf(String unit, String host) {
    String prefix = UnitNames.prefix(instance);
    if (!unit.startsWith(prefix) || !unit.endsWith(UnitNames.SUFFIX)) {
      return Optional.empty();
    }
    String rest = unit.substring(prefix.length(), unit.length() - UnitNames.SUFFIX.length());
    int dash = rest.indexOf('-');
    try {
      if (dash > 0) {
        ResourceKey key = ResourceKey.of(UnitNames.unescape(rest.substring(0, dash)),
            UnitNames.unescape(rest.substring(dash + 1)), host);
        if (unit(key).equals(unit)) {
          return Optional.of(key);
        }
      }
    } catch (IllegalArgumentException e) {
      // reported below
    }
    LOG.warn("Ignoring {} on {}: it names instance {} but its name is not one Steward gives a node", unit, host, instance);
    return Optional.empty();
  }

  private ProcessStatus status(ResourceKey key, SystemdUnit unit) {
    return status(key, unit, Optional.empty());
  }

  /**
   * What systemd says of the unit, as a status; a failed unit carries its result and last journal
   * lines ({@code journal} when the caller has them, else read now).
   */
  private ProcessStatus status(ResourceKey key, SystemdUnit unit, Optional<List<String>> journal) {
    if (!unit.found()) {
      return ProcessStatus.absent(key);
    }
    String name = unit(key);
    String fragment = unit.property("FragmentPath").orElse("");
    if (!fragment.isEmpty() && !fragment.equals(systemctl.path(key.host(), name))) {
      // Not a unit Steward wrote: no node of ours.
      return ProcessStatus.absent(key);
    }
    ProcessState state = state(unit);
    Map<String, String> attributes = new TreeMap<>();
    attributes.put("unit", name);
    attributes.put("active_state", unit.activeState());
    attributes.put("sub_state", unit.subState());
    copy(unit, "Result", attributes, "result");
    copy(unit, "NRestarts", attributes, "restarts");
    copy(unit, "InvocationID", attributes, "invocation_id");
    copy(unit, "ExecMainStatus", attributes, "exit_status");
    copy(unit, "UnitFileState", attributes, "unit_file_state");
    if (state == ProcessState.FAILED) {
      ExitStatus.explain(unit).ifPresent(e -> attributes.put("failure", e));
      attributes.put("log", String.join("\n", journal.orElseGet(() -> systemctl.journal(key.host(), name))));
    }
    return new ProcessStatus(key, state, state == ProcessState.RUNNING ? unit.mainPid() : OptionalLong.empty(),
        unit.mainStartedAt(), attributes);
  }

  private static void copy(SystemdUnit unit, String property, Map<String, String> attributes, String name) {
    unit.property(property).filter(v -> !v.isEmpty()).ifPresent(v -> attributes.put(name, v));
  }

  static ProcessState state(SystemdUnit unit) {
    if (!unit.found()) {
      return ProcessState.ABSENT;
    }
    switch (unit.activeState()) {
      case "active", "reloading", "deactivating":
        return ProcessState.RUNNING;
      case "activating":
        return unit.subState().equals("auto-restart") ? ProcessState.FAILED : ProcessState.RUNNING;
      case "failed":
        return ProcessState.FAILED;
      default:
        return ProcessState.STOPPED;
    }
  }

  private static boolean running(SystemdUnit unit) {
    return state(unit) == ProcessState.RUNNING;
  }

  /**
   * Refuses a unit Steward did not write for this node: a file without Steward's section, or
   * whose section names another node or instance, or a unit defined elsewhere than its file.
   */
  private void requireOwn(ResourceKey key, String unit, SystemdUnit state, Optional<String> file) {
    String host = key.host();
    String path = systemctl.path(host, unit);
    if (file.isPresent()) {
      Optional<UnitFile.Owner> owner = UnitFile.owner(file.get());
      if (owner.isEmpty()) {
        throw new ForeignUnitException(host, unit, "The unit " + unit + " on " + host + " was not written by Steward ("
            + path + " has no " + UnitFile.SECTION + " section), so Steward will not change it for " + key
            + ": remove or rename that unit, or give the node another name");
      }
      String marker = ProcessSpec.resourceMarker(key);
      if (!owner.get().resource().equals(marker) || !owner.get().instance().equals(instance)) {
        throw new ForeignUnitException(host, unit, "The unit " + unit + " on " + host + " belongs to "
            + owner.get().resource() + " of Steward instance " + owner.get().instance() + ", not to " + marker
            + " of instance " + instance + ", so Steward will not change it: remove it, or give the node another name");
      }
      return;
    }
    // Loaded from the path Steward writes but deleted since: Steward's own unit, gone by hand; it is written again.
    boolean ownDeleted = state.property("FragmentPath").filter(path::equals).isPresent();
    if (state.found() && !ownDeleted) {
      String fragment = state.property("FragmentPath").filter(f -> !f.isEmpty()).orElse("(no file: " + state.loadState() + ")");
      throw new ForeignUnitException(host, unit, "The unit " + unit + " on " + host + " is defined by " + fragment
          + ", not by Steward, so Steward will not write " + path + " over it for " + key
          + ": remove that unit, or give the node another name");
    }
  }

  private static boolean sameHash(String current, String wanted) {
    return UnitFile.owner(current).map(UnitFile.Owner::specHash)
        .equals(UnitFile.owner(wanted).map(UnitFile.Owner::specHash));
  }

  private Object lock(ResourceKey key) {
    return locks.computeIfAbsent(key, k -> new Object());
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StewardException("Interrupted while waiting for a systemd unit", e);
    }
  }
}
