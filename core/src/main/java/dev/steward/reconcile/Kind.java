package dev.steward.reconcile;

import dev.steward.Action;
import dev.steward.Observation;
import dev.steward.ResourceRecord;
import dev.steward.drift.DriftRules;
import dev.steward.Lifecycle;
import dev.steward.plan.Plan;
import dev.steward.plan.PlanRequest;
import dev.steward.status.StatusItem;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * One kind of resource the loop keeps in shape: nodes run by a process manager, project mounts,
 * firewall rules, an inventory that is only observed. The {@link Reconciler} knows no kind; it runs
 * the pass (its lock, dry run, budgets, bounded concurrency, backoff, listeners, status, the report)
 * and asks each kind for what is its own:
 * <ol>
 *   <li>{@link #hosts}: which hosts to observe, from its desired state and its records;
 *   <li>{@link #driftRules}: how its records compare with what the probe saw;
 *   <li>{@link #plan}: its actions, each with a priority and a reason, and what it holds back. A
 *       pure function of the request: no I/O, no clock;
 *   <li>{@link #act}: carry out one of its actions, recording each step through the {@link
 *       ActionContext} (the intent before the act, so a crash between the two is finished by the
 *       next plan).
 * </ol>
 *
 * <p>In a pass the loop calls {@link #hosts}, {@link #driftRules} and {@link #plan} in that order, on
 * one thread: {@code hosts} starts the pass, so a kind may read its desired state there once and
 * plan from that same reading (as the node kind does with its fleets).
 *
 * <p>A kind is an extension point like the others: a {@link dev.steward.spi.KindProvider} with an
 * id builds one, and {@code dev.steward.testkit.contract.KindContract} checks it. Implementations
 * must be thread-safe: {@link #act} runs concurrently for actions on different resources.
 */
public interface Kind {
  /**
   * The resource kind this kind owns, as in {@link dev.steward.ResourceKey#kind()}: lowercase, e.g.
   * {@code node}. Its records are the store's records of this kind.
   */
  String id();

  /** Every resource kind whose records this kind plans for; by default only {@link #id()}. */
  default Set<String> resourceKinds() {
    return Set.of(id());
  }

  /**
   * Whether {@code record} is this kind's: the loop hands a kind only the records it owns. By default
   * every record of its {@linkplain #resourceKinds() resource kinds}; a kind that keeps one server's
   * resources claims only the records on that server, so it never observes another with the wrong
   * credentials.
   */
  default boolean owns(ResourceRecord record) {
    return resourceKinds().contains(record.key().kind());
  }

  /**
   * The hosts to observe this pass: where its desired resources belong, and the hosts of {@code
   * records} (the records it {@linkplain #owns owns}), so what was recorded is looked for even when
   * nothing wants it.
   */
  Set<String> hosts(List<ResourceRecord> records);

  /**
   * The pass's observations with what this kind sees itself added: the processes its managers run,
   * say, which a host probe cannot tell from others. Called once per pass after the probe and before
   * drift, in the order the kinds were added, each kind getting what the one before returned. A kind
   * adds resources to reachable hosts, and turns a host unreachable (with the reason) when it cannot
   * see its own resources there; it keeps every host and never writes to the store. By default the
   * observations are returned as they are.
   */
  default List<Observation> observe(List<Observation> observations) {
    return observations;
  }

  /** How its records and the observations compare; asked once per pass, so a reload takes effect. */
  DriftRules driftRules();

  /**
   * The actions of this pass for its resources, most urgent first, and those held back with why.
   * Budgets are the request's: a kind counts its records in flight and its planned actions on top of
   * {@link PlanRequest#underWay()} and reports the sum in {@link Plan#underWay()}.
   */
  Plan plan(PlanRequest request);

  /**
   * Carries out {@code action}, one this kind planned, and returns what happened in words for a
   * person ("started pid 4242"). Throws a {@link RuntimeException} with a message that says what
   * went wrong; the loop then counts the failure in the record, sets its next attempt from the
   * backoff and moves it to {@link #failedState()}.
   */
  String act(Action action, ActionContext context);

  /**
   * The lifecycle of its records. The loop reads it to leave records in a terminal state alone
   * when an action fails: what is gone for good is not retried, so its failures are not counted.
   */
  Lifecycle lifecycle();

  /** The state a record moves to when an action on it failed, when its lifecycle allows it. */
  default Optional<String> failedState() {
    return Optional.empty();
  }

  /**
   * How {@code record} shows in the live status, or empty to leave it out (a resource gone for
   * good, say). By default nothing is shown.
   */
  default Optional<StatusItem> statusItem(ResourceRecord record) {
    return Optional.empty();
  }
}
