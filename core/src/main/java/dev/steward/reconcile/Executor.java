package dev.steward.reconcile;

import dev.steward.Action;
import dev.steward.ActionType;
import dev.steward.FirewallManager;
import dev.steward.FirewallRule;
import dev.steward.ProcessManager;
import dev.steward.ProcessSpec;
import dev.steward.ProcessState;
import dev.steward.ProcessStatus;
import dev.steward.ResourceKey;
import dev.steward.ResourceRecord;
import dev.steward.Spec;
import dev.steward.StateStore;
import dev.steward.StewardException;
import dev.steward.lifecycle.NodeLifecycle;
import dev.steward.plan.NodeAttributes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries out a plan through a {@link ProcessManager} and a {@link FirewallManager}, recording
 * every step in the {@link StateStore} under the node lifecycle.
 *
 * <p>The intent is written before acting: a node is {@code CREATING} (with {@link
 * NodeAttributes#PENDING_ACTION}) before its process is started, {@code STOPPING} before it is
 * stopped, {@code UPGRADING} before it is replaced. A crash between the intent and the act leaves a
 * record that the next plan finishes: starting checks the manager first and adopts a process that
 * is already running, stopping an absent process is a no-op, so running an action twice never
 * makes a duplicate or an orphan.
 *
 * <p>Actions on different resources run at once on a bounded pool; one failing does not stop the
 * others. A failure is counted in the record's failure bookkeeping, the record goes to {@code
 * FAILED}, and {@link NodeAttributes#NEXT_ATTEMPT_AT} is set from the {@link Backoff}, so a
 * restarted reconciler waits just as long. Thread-safe; {@link #close} stops the pool.
 */
public final class Executor implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Executor.class);

  private final StateStore store;
  private final ProcessManager processes;
  private final FirewallManager firewall;
  private final Backoff backoff;
  private final Clock clock;
  private final ReconcileListener listener;
  private final Duration stopGrace;
  private final ExecutorService pool;

  /**
   * @param parallelism how many actions may run at once
   * @param stopGrace how long a node has to stop after SIGTERM (or its manager's equivalent)
   */
  public Executor(StateStore store, ProcessManager processes, FirewallManager firewall, Backoff backoff, Clock clock,
      ReconcileListener listener, int parallelism, Duration stopGrace) {
    this.store = Objects.requireNonNull(store, "store");
    this.processes = Objects.requireNonNull(processes, "processes");
    this.firewall = Objects.requireNonNull(firewall, "firewall");
    this.backoff = Objects.requireNonNull(backoff, "backoff");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.listener = Objects.requireNonNull(listener, "listener");
    this.stopGrace = Objects.requireNonNull(stopGrace, "stopGrace");
    if (parallelism < 1) {
      throw new IllegalArgumentException("Executor parallelism must be 1 or more, got " + parallelism);
    }
    AtomicInteger threads = new AtomicInteger();
    this.pool = Executors.newFixedThreadPool(parallelism, runnable -> {
      Thread thread = new Thread(runnable, "steward-executor-" + threads.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    });
  }

  /**
   * Runs every action of {@code actions}; actions on one resource run one after the other in plan
   * order, others at once. Returns one outcome per action, in plan order.
   */
  public List<ActionOutcome> execute(List<Action> actions) {
    Map<ResourceKey, List<Integer>> byKey = new LinkedHashMap<>();
    for (int i = 0; i < actions.size(); i++) {
      byKey.computeIfAbsent(actions.get(i).target(), k -> new ArrayList<>()).add(i);
    }
    ActionOutcome[] outcomes = new ActionOutcome[actions.size()];
    List<Future<?>> running = new ArrayList<>();
    for (List<Integer> indexes : byKey.values()) {
      running.add(pool.submit(() -> {
        for (int i : indexes) {
          outcomes[i] = run(actions.get(i));
        }
      }));
    }
    boolean interrupted = false;
    for (Future<?> future : running) {
      while (true) {
        try {
          future.get();
          break;
        } catch (InterruptedException e) {
          // Finish the pass: abandoning actions half way would only leave more to finish later.
          interrupted = true;
        } catch (ExecutionException e) {
          throw new IllegalStateException("An action runner failed outside its own error handling", e.getCause());
        }
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    return List.of(outcomes);
  }

  /** Runs one action now, on the calling thread. */
  public ActionOutcome run(Action action) {
    notify(() -> listener.actionStarted(action));
    long start = System.nanoTime();
    ActionOutcome outcome;
    try {
      String detail = switch (action.type()) {
        case ADD -> add(action);
        case START -> start(action);
        case REMOVE -> remove(action);
        case UPGRADE -> upgrade(action);
        case STOP -> stop(action);
        case RESTART -> restart(action);
        case SURVEY -> "nothing to change";
      };
      outcome = new ActionOutcome(action, ActionOutcome.Result.DONE, detail, Optional.empty(), since(start));
    } catch (RuntimeException e) {
      String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      recordFailure(action, e.getClass().getSimpleName(), message);
      outcome = new ActionOutcome(action, ActionOutcome.Result.FAILED, message,
          Optional.of(e.getClass().getSimpleName()), since(start));
      log.warn("{} of {} failed: {}", action.type(), action.target(), message);
    }
    ActionOutcome done = outcome;
    notify(() -> listener.actionFinished(done));
    return done;
  }

  @Override
  public void close() {
    pool.shutdownNow();
  }

  private String add(Action action) {
    Spec spec = requireSpec(action);
    ResourceKey key = action.target();
    Optional<ResourceRecord> existing = store.find(key);
    if (existing.isPresent() && existing.get().state().equals(NodeLifecycle.REMOVED)) {
      // The name is free again: a node removed earlier leaves its record behind until pruned.
      store.delete(key);
      changed(existing, Optional.empty());
      existing = Optional.empty();
    }
    if (existing.isEmpty()) {
      ResourceRecord created = store.create(key, NodeLifecycle.LIFECYCLE.name(), Optional.of(spec), action.reason());
      changed(Optional.empty(), Optional.of(created));
    } else if (!existing.get().spec().equals(Optional.of(spec))) {
      store.updateSpec(key, spec);
    }
    ResourceRecord record = store.get(key);
    if (record.state().equals(NodeLifecycle.PLANNED)) {
      record = move(record, NodeLifecycle.CREATING, "adding: " + action.reason());
    }
    return bringUp(record, spec, ActionType.ADD);
  }

  private String start(Action action) {
    ResourceRecord record = store.get(action.target());
    Spec spec = action.spec().or(record::spec).orElseThrow(() -> new StewardException(
        "Cannot start " + action.target() + ": its record has no spec; add it again from its fleet"));
    if (record.state().equals(NodeLifecycle.RUNNING)) {
      ProcessStatus status = processes.status(record.key());
      if (status.state() == ProcessState.RUNNING && sameProcess(record, status)) {
        return "already running (pid " + status.pid().orElse(-1) + ")";
      }
      record = move(record, NodeLifecycle.DEAD, "not running any more: " + action.reason());
    }
    if (record.state().equals(NodeLifecycle.PLANNED)) {
      record = move(record, NodeLifecycle.CREATING, "starting: " + action.reason());
    }
    if (record.state().equals(NodeLifecycle.UPGRADING)) {
      return finishUpgrade(record, spec);
    }
    return bringUp(record, spec, ActionType.START);
  }

  /** From CREATING, STARTING, STOPPED, FAILED or DEAD to RUNNING, adopting a process that runs already. */
  private String bringUp(ResourceRecord record, Spec spec, ActionType why) {
    ResourceKey key = record.key();
    store.updateAttributes(key, Map.of(NodeAttributes.PENDING_ACTION, why.name()));
    if (!record.state().equals(NodeLifecycle.STARTING)) {
      record = move(record, NodeLifecycle.STARTING, "starting " + ProcessSpec.argv(spec).get(0));
    }
    openPort(key, spec);
    ProcessStatus status = processes.status(key);
    String how;
    if (status.state() == ProcessState.RUNNING) {
      how = "adopted the running process";
    } else {
      status = processes.start(spec);
      how = "started";
    }
    if (status.state() != ProcessState.RUNNING) {
      throw new StewardException(key + " is " + status.state() + " right after it was started; see its log "
          + status.attributes().getOrDefault("log", "(the process manager keeps no log)"));
    }
    return running(record, spec, status, how);
  }

  private String running(ResourceRecord record, Spec spec, ProcessStatus status, String how) {
    ResourceKey key = record.key();
    Map<String, String> attributes = new HashMap<>();
    attributes.put(NodeAttributes.PID, status.pid().isPresent() ? Long.toString(status.pid().getAsLong()) : "");
    attributes.put(NodeAttributes.START_TICKS, status.identity().map(p -> Long.toString(p.startTicks())).orElse(""));
    attributes.put(NodeAttributes.STARTED_AT, status.startedAt().map(Instant::toString).orElse(""));
    OptionalInt port = ProcessSpec.port(spec);
    attributes.put(NodeAttributes.PORT, port.isPresent() ? Integer.toString(port.getAsInt()) : "");
    attributes.put(NodeAttributes.PENDING_ACTION, "");
    attributes.put(NodeAttributes.NEXT_ATTEMPT_AT, "");
    store.updateAttributes(key, attributes);
    if (record.failures().isFailing()) {
      store.resetFailures(key);
    }
    move(store.get(key), NodeLifecycle.RUNNING, how + " (pid " + status.pid().orElse(-1) + ")");
    return how + " pid " + status.pid().orElse(-1);
  }

  private String remove(Action action) {
    ResourceKey key = action.target();
    Optional<ResourceRecord> found = store.find(key);
    if (found.isEmpty() || found.get().state().equals(NodeLifecycle.REMOVED)) {
      // An orphan: nothing recorded says it should run.
      ProcessStatus status = processes.stop(key, stopGrace);
      found.flatMap(ResourceRecord::spec).ifPresent(spec -> closePort(key, spec));
      return "stopped an unrecorded process (" + status.state() + ")";
    }
    ResourceRecord record = found.get();
    store.updateAttributes(key, Map.of(NodeAttributes.PENDING_ACTION, ActionType.REMOVE.name()));
    String reason = "removing: " + action.reason();
    switch (record.state()) {
      case NodeLifecycle.PLANNED -> {
        move(record, NodeLifecycle.REMOVED, reason);
        return "cancelled before it was created";
      }
      case NodeLifecycle.CREATING, NodeLifecycle.UPGRADING -> record = move(record, NodeLifecycle.FAILED, reason);
      case NodeLifecycle.STARTING, NodeLifecycle.RUNNING -> record = move(record, NodeLifecycle.STOPPING, reason);
      default -> { }
    }
    if (record.state().equals(NodeLifecycle.STOPPING)) {
      processes.stop(key, stopGrace);
      record = move(record, NodeLifecycle.STOPPED, reason);
    }
    if (!record.state().equals(NodeLifecycle.REMOVING)) {
      record = move(record, NodeLifecycle.REMOVING, reason);
    }
    ProcessStatus status = processes.stop(key, stopGrace);
    record.spec().ifPresent(spec -> closePort(key, spec));
    store.updateAttributes(key, Map.of(NodeAttributes.PENDING_ACTION, "", NodeAttributes.PID, ""));
    move(store.get(key), NodeLifecycle.REMOVED, action.reason());
    return "removed (process " + status.state().name().toLowerCase(java.util.Locale.ROOT) + ")";
  }

  private String upgrade(Action action) {
    Spec spec = requireSpec(action);
    ResourceRecord record = store.get(action.target());
    if (!record.state().equals(NodeLifecycle.UPGRADING)) {
      store.updateAttributes(record.key(), Map.of(NodeAttributes.PENDING_ACTION, ActionType.UPGRADE.name()));
      record = move(record, NodeLifecycle.UPGRADING, "upgrading: " + action.reason());
    }
    if (!record.spec().equals(Optional.of(spec))) {
      record = store.updateSpec(record.key(), spec);
    }
    return finishUpgrade(record, spec);
  }

  private String finishUpgrade(ResourceRecord record, Spec spec) {
    ProcessStatus status = processes.status(record.key());
    String version = spec.property(ProcessSpec.VERSION).orElse("");
    if (status.state() == ProcessState.RUNNING && !version.isEmpty()
        && version.equals(status.attributes().getOrDefault("version", ""))) {
      return running(record, spec, status, "adopted the upgraded process");
    }
    boolean startedByThisUpgrade = status.state() == ProcessState.RUNNING
        && record.attribute(NodeAttributes.PID).map(pid -> !pid.equals(Long.toString(status.pid().orElse(-1)))).orElse(false);
    if (startedByThisUpgrade) {
      // A crash after the new process started and before RUNNING was written: keep it.
      return running(record, spec, status, "adopted the upgraded process");
    }
    processes.stop(record.key(), stopGrace);
    ProcessStatus started = processes.start(spec);
    if (started.state() != ProcessState.RUNNING) {
      throw new StewardException(record.key() + " did not come back up after its upgrade: " + started.state());
    }
    return running(record, spec, started, "upgraded to " + version);
  }

  private String stop(Action action) {
    ResourceRecord record = store.get(action.target());
    if (record.state().equals(NodeLifecycle.STOPPED)) {
      return "already stopped";
    }
    store.updateAttributes(record.key(), Map.of(NodeAttributes.PENDING_ACTION, ActionType.STOP.name()));
    if (!record.state().equals(NodeLifecycle.STOPPING)) {
      record = move(record, NodeLifecycle.STOPPING, "stopping: " + action.reason());
    }
    ProcessStatus status = processes.stop(record.key(), stopGrace);
    store.updateAttributes(record.key(), Map.of(NodeAttributes.PENDING_ACTION, "", NodeAttributes.PID, ""));
    move(store.get(record.key()), NodeLifecycle.STOPPED, action.reason());
    return "stopped (" + status.state() + ")";
  }

  private String restart(Action action) {
    ResourceRecord record = store.get(action.target());
    Spec spec = action.spec().or(record::spec).orElseThrow(() -> new StewardException(
        "Cannot restart " + action.target() + ": its record has no spec"));
    if (record.state().equals(NodeLifecycle.RUNNING) || record.state().equals(NodeLifecycle.STOPPING)) {
      stop(action);
      record = store.get(action.target());
    }
    return bringUp(record, spec, ActionType.RESTART);
  }

  private void recordFailure(Action action, String type, String message) {
    ResourceKey key = action.target();
    try {
      Optional<ResourceRecord> found = store.find(key);
      if (found.isEmpty() || found.get().state().equals(NodeLifecycle.REMOVED) || action.type() == ActionType.SURVEY) {
        return;
      }
      ResourceRecord record = store.recordFailure(key, type, message);
      Instant next = clock.instant().plus(backoff.delayAfter(record.failures().attempts()));
      store.updateAttributes(key, Map.of(NodeAttributes.NEXT_ATTEMPT_AT, next.toString()));
      if (NodeLifecycle.LIFECYCLE.allows(record.state(), NodeLifecycle.FAILED)) {
        move(store.get(key), NodeLifecycle.FAILED, message);
      }
    } catch (RuntimeException e) {
      log.error("Could not record the failure of {} on {}: {}", action.type(), key, e.getMessage(), e);
    }
  }

  private ResourceRecord move(ResourceRecord record, String state, String reason) {
    ResourceRecord after = store.transition(record.key(), state, reason);
    if (!after.state().equals(record.state())) {
      changed(Optional.of(record), Optional.of(after));
    }
    return after;
  }

  private void changed(Optional<ResourceRecord> before, Optional<ResourceRecord> after) {
    notify(() -> listener.recordChanged(before, after));
  }

  private static boolean sameProcess(ResourceRecord record, ProcessStatus status) {
    return record.attribute(NodeAttributes.PID).map(pid -> pid.equals(Long.toString(status.pid().orElse(-1)))).orElse(true);
  }

  private void openPort(ResourceKey key, Spec spec) {
    OptionalInt port = ProcessSpec.port(spec);
    if (port.isPresent()) {
      firewall.allow(key.host(), new FirewallRule(port.getAsInt(), FirewallRule.Protocol.TCP, key.name()));
    }
  }

  private void closePort(ResourceKey key, Spec spec) {
    OptionalInt port = ProcessSpec.port(spec);
    if (port.isPresent()) {
      firewall.remove(key.host(), new FirewallRule(port.getAsInt(), FirewallRule.Protocol.TCP, key.name()));
    }
  }

  private static Spec requireSpec(Action action) {
    return action.spec().orElseThrow(() -> new IllegalArgumentException(
        action.type() + " of " + action.target() + " needs the spec to act towards"));
  }

  private static Duration since(long startNanos) {
    return Duration.ofNanos(System.nanoTime() - startNanos);
  }

  private void notify(Runnable call) {
    try {
      call.run();
    } catch (RuntimeException e) {
      log.warn("A reconcile listener failed: {}", e.toString());
    }
  }
}
