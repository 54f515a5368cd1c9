package dev.steward.node;

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
import dev.steward.NodeLifecycle;
import dev.steward.reconcile.ActionContext;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Carries out one node action through a {@link ProcessManager} and a {@link FirewallManager},
 * recording every step under the node lifecycle.
 *
 * <p>The intent is written before acting: a node is {@code CREATING} (with {@link
 * NodeAttributes#PENDING_ACTION}) before its process is started, {@code STOPPING} before it is
 * stopped, {@code UPGRADING} before it is replaced. A crash between the intent and the act leaves a
 * record that the next plan finishes: starting checks the manager first and adopts a process that
 * is already running, stopping an absent process is a no-op, so running an action twice never
 * makes a duplicate or an orphan. Failures are the loop's to record (see {@link
 * dev.steward.reconcile.Executor}). One instance per action; the managers must be thread-safe.
 */
final class NodeActions {
  private final ProcessManager processes;
  private final FirewallManager firewall;
  private final Duration stopGrace;
  private final ActionContext context;
  private final StateStore store;

  /** The manager that runs a node and the firewall that opens its ports. */
  record Parts(ProcessManager processes, FirewallManager firewall) {
    Parts {
      Objects.requireNonNull(processes, "processes");
      Objects.requireNonNull(firewall, "firewall");
    }
  }

  NodeActions(Parts parts, Duration stopGrace, ActionContext context) {
    this.processes = parts.processes();
    this.firewall = parts.firewall();
    this.stopGrace = Objects.requireNonNull(stopGrace, "stopGrace");
    this.context = Objects.requireNonNull(context, "context");
    this.store = context.store();
  }

  String run(Action action) {
    return switch (action.type()) {
      case ADD -> add(action);
      case START -> start(action);
      case REMOVE -> remove(action);
      case UPGRADE -> upgrade(action);
      case STOP -> stop(action);
      case RESTART -> restart(action);
      case SURVEY -> "nothing to change";
      default -> throw new IllegalArgumentException("The node kind plans no " + action.type() + " (asked for " + action.target() + ")");
    };
  }

  private String add(Action action) {
    Spec spec = requireSpec(action);
    ResourceKey key = action.target();
    Optional<ResourceRecord> existing = store.find(key);
    if (existing.isPresent() && existing.get().state().equals(NodeLifecycle.REMOVED)) {
      // The name is free again: a node removed earlier leaves its record behind until pruned.
      store.delete(key);
      context.deleted(existing.get());
      existing = Optional.empty();
    }
    if (existing.isEmpty()) {
      ResourceRecord created = store.create(key, NodeLifecycle.LIFECYCLE.name(), Optional.of(spec), action.reason());
      context.created(created);
    } else if (!existing.get().spec().equals(Optional.of(spec))) {
      store.updateSpec(key, spec);
    }
    ResourceRecord record = store.get(key);
    if (record.state().equals(NodeLifecycle.PLANNED)) {
      record = context.move(record, NodeLifecycle.CREATING, "adding: " + action.reason());
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
      record = context.move(record, NodeLifecycle.DEAD, "not running any more: " + action.reason());
    }
    if (record.state().equals(NodeLifecycle.PLANNED)) {
      record = context.move(record, NodeLifecycle.CREATING, "starting: " + action.reason());
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
      record = context.move(record, NodeLifecycle.STARTING, "starting " + spec.property(ProcessSpec.COMMAND)
          .map(command -> ProcessSpec.argv(spec).get(0)).or(() -> spec.property("image")).orElse(key.name()));
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
    context.move(store.get(key), NodeLifecycle.RUNNING, how + " (pid " + status.pid().orElse(-1) + ")");
    return how + " pid " + status.pid().orElse(-1);
  }

  private String remove(Action action) {
    ResourceKey key = action.target();
    Optional<ResourceRecord> found = store.find(key);
    if (found.isEmpty() || found.get().state().equals(NodeLifecycle.REMOVED)) {
      // An orphan: nothing recorded says it should run.
      ProcessStatus status = processes.remove(key, stopGrace);
      found.flatMap(ResourceRecord::spec).ifPresent(spec -> closePort(key, spec));
      return "stopped an unrecorded process (" + status.state() + ")";
    }
    ResourceRecord record = found.get();
    store.updateAttributes(key, Map.of(NodeAttributes.PENDING_ACTION, ActionType.REMOVE.name()));
    String reason = "removing: " + action.reason();
    switch (record.state()) {
      case NodeLifecycle.PLANNED -> {
        context.move(record, NodeLifecycle.REMOVED, reason);
        return "cancelled before it was created";
      }
      case NodeLifecycle.CREATING, NodeLifecycle.UPGRADING -> record = context.move(record, NodeLifecycle.FAILED, reason);
      case NodeLifecycle.STARTING, NodeLifecycle.RUNNING -> record = context.move(record, NodeLifecycle.STOPPING, reason);
      default -> { }
    }
    if (record.state().equals(NodeLifecycle.STOPPING)) {
      processes.stop(key, stopGrace);
      record = context.move(record, NodeLifecycle.STOPPED, reason);
    }
    if (!record.state().equals(NodeLifecycle.REMOVING)) {
      record = context.move(record, NodeLifecycle.REMOVING, reason);
    }
    ProcessStatus status = processes.remove(key, stopGrace);
    record.spec().ifPresent(spec -> closePort(key, spec));
    store.updateAttributes(key, Map.of(NodeAttributes.PENDING_ACTION, "", NodeAttributes.PID, ""));
    context.move(store.get(key), NodeLifecycle.REMOVED, action.reason());
    return "removed (process " + status.state().name().toLowerCase(Locale.ROOT) + ")";
  }

  private String upgrade(Action action) {
    Spec spec = requireSpec(action);
    ResourceRecord record = store.get(action.target());
    if (!record.state().equals(NodeLifecycle.UPGRADING)) {
      store.updateAttributes(record.key(), Map.of(NodeAttributes.PENDING_ACTION, ActionType.UPGRADE.name()));
      record = context.move(record, NodeLifecycle.UPGRADING, "upgrading: " + action.reason());
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
    ProcessStatus started = processes.replace(spec, stopGrace);
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
      record = context.move(record, NodeLifecycle.STOPPING, "stopping: " + action.reason());
    }
    ProcessStatus status = processes.stop(record.key(), stopGrace);
    store.updateAttributes(record.key(), Map.of(NodeAttributes.PENDING_ACTION, "", NodeAttributes.PID, ""));
    context.move(store.get(record.key()), NodeLifecycle.STOPPED, action.reason());
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

  private static boolean sameProcess(ResourceRecord record, ProcessStatus status) {
    return record.attribute(NodeAttributes.PID).map(pid -> pid.equals(Long.toString(status.pid().orElse(-1)))).orElse(true);
  }

  /** Opens every port of the node, each with its protocol; the owner is the node's name. */
  private void openPort(ResourceKey key, Spec spec) {
    for (ProcessSpec.Port port : ProcessSpec.ports(spec)) {
      firewall.allow(key.host(), new FirewallRule(port.number(), port.protocol(), key.name()));
    }
  }

  private void closePort(ResourceKey key, Spec spec) {
    for (ProcessSpec.Port port : ProcessSpec.ports(spec)) {
      firewall.remove(key.host(), new FirewallRule(port.number(), port.protocol(), key.name()));
    }
  }

  private static Spec requireSpec(Action action) {
    return action.spec().orElseThrow(() -> new IllegalArgumentException(
        action.type() + " of " + action.target() + " needs the spec to act towards"));
  }
}
