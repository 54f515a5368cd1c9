package dev.steward.node;

import dev.steward.plan.Budgets;
import dev.steward.plan.Plan;
import static dev.steward.node.PlanFixtures.NOW;
import static dev.steward.node.PlanFixtures.changedAt;
import static dev.steward.node.PlanFixtures.failing;
import static dev.steward.node.PlanFixtures.fleet;
import static dev.steward.node.PlanFixtures.node;
import static dev.steward.node.PlanFixtures.selector;
import static dev.steward.node.PlanFixtures.view;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.steward.Action;
import dev.steward.ActionType;
import dev.steward.HostMetrics;
import dev.steward.NodeSelector;
import dev.steward.ProcessSpec;
import dev.steward.ResourceKey;
import dev.steward.ResourceRecord;
import dev.steward.Spec;
import dev.steward.StewardException;
import dev.steward.node.PlanFixtures.View;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class PlannerTest {
  private static final DesiredFleet WEB = fleet("web", 3, "1.0");
  /** The rules alone: most tests look at what is due, so they lift the budgets; the budget tests set their own. */
  private static final PlanPolicy NO_BUDGETS = new PlanPolicy(Thresholds.DEFAULT, Budgets.unlimited());
  private static final Planner PLANNER = new Planner(NO_BUDGETS, selector("youngest"));

  private static Plan plan(View view) {
    return PLANNER.plan(view.input());
  }

  private static Plan plan(PlanPolicy policy, View view) {
    return new Planner(policy, selector("youngest")).plan(view.input());
  }

  private static View healthyWeb() {
    return view().fleets(WEB).running(node(WEB, 1, "RUNNING", "1.0"), node(WEB, 2, "RUNNING", "1.0"), node(WEB, 3, "RUNNING", "1.0"));
  }

  private static List<String> described(Plan plan) {
    return plan.actions().stream().map(a -> a.type() + " " + a.target().name() + " p" + a.priority() + ": " + a.reason()).toList();
  }

  private static List<String> heldDescribed(Plan plan) {
    return plan.held().stream().map(h -> h.action().type() + " " + h.action().target().name() + ": " + h.heldBecause()).toList();
  }

  private static Action only(Plan plan, ActionType type) {
    List<Action> of = plan.actions().stream().filter(a -> a.type() == type).toList();
    assertThat(of).as(described(plan).toString()).hasSize(1);
    return of.get(0);
  }

  @Test
  @DisplayName("a fleet as wanted gets only a survey, and the plan is quiet")
  void aFleetAsWantedIsSurveyed() {
    Plan plan = plan(healthyWeb());

    assertThat(plan.actions()).containsExactly(new Action(ActionType.SURVEY, ResourceKey.of("fleet", "web", "local"), 9,
        "fleet web has 3 nodes and wants 3; nothing else is due, so look again"));
    assertThat(plan.held()).isEmpty();
    assertThat(plan.isQuiet()).isTrue();
    assertThat(plan.at()).isEqualTo(NOW);
  }

  // Priority 0: crash resume

  @Test
  void anInterruptedActionNamedByItsRecordIsResumedFirst() {
    View view = view().fleets(WEB).running(node(WEB, 1, "RUNNING", "1.0"), node(WEB, 3, "RUNNING", "1.0"),
        node(WEB, 2, "UPGRADING", "0.9", NodeAttributes.PENDING_ACTION, "UPGRADE"));

    Plan plan = plan(view);

    Action resume = only(plan, ActionType.UPGRADE);
    assertThat(resume.target()).isEqualTo(WEB.nodeKey(2));
    assertThat(resume.priority()).isZero();
    assertThat(resume.reason()).isEqualTo("resuming an interrupted UPGRADE (record says UPGRADING)");
    assertThat(resume.spec()).contains(WEB.specFor(2));
    assertThat(plan.isQuiet()).isFalse();
  }

  @ParameterizedTest(name = "{0} without a pending action resumes as {1}")
  @CsvSource({"CREATING, START", "STARTING, START", "UPGRADING, UPGRADE", "STOPPING, REMOVE", "REMOVING, REMOVE"})
  void anInFlightRecordWithoutAPendingActionResumesByItsState(String state, ActionType expected) {
    View view = view().fleets(fleet("web", 1, "1.0")).unseen(node(WEB, 1, state, "1.0"));

    Plan plan = plan(view);

    Action resume = only(plan, expected);
    assertThat(resume.priority()).isZero();
    assertThat(resume.reason()).isEqualTo("resuming an interrupted " + expected + " (record says " + state
        + "; no pending action was recorded)");
    assertThat(resume.spec().isPresent()).isEqualTo(expected != ActionType.REMOVE);
  }

  @Test
  void aPendingActionThatNamesNoActionIsReportedAndTheStateDecides() {
    View view = view().fleets(fleet("web", 1, "1.0")).unseen(node(WEB, 1, "STARTING", "1.0", NodeAttributes.PENDING_ACTION, "LAUNCH"));

    Action resume = only(plan(view), ActionType.START);

    assertThat(resume.reason()).isEqualTo("resuming an interrupted START (record says STARTING; its pending action 'LAUNCH' is not an action)");
  }

  @Test
  void aResumedRemovalIsNotLiveSoItsReplacementIsAdded() {
    View view = view().fleets(fleet("web", 2, "1.0")).running(node(WEB, 1, "RUNNING", "1.0"),
        node(WEB, 2, "REMOVING", "1.0", NodeAttributes.PENDING_ACTION, "REMOVE"));

    Plan plan = plan(view);

    assertThat(described(plan)).containsExactly(
        "REMOVE web-2 p0: resuming an interrupted REMOVE (record says REMOVING)",
        "ADD web-3 p4: fleet web has 1 node and wants 2");
  }

  @Test
  void anInFlightRecordOfAFleetNoLongerDesiredIsFinishedWithItsOwnSpec() {
    DesiredFleet gone = fleet("old", 1, "1.0");
    ResourceRecord record = node(gone, 1, "CREATING", "1.0", NodeAttributes.PENDING_ACTION, "ADD");
    View view = healthyWeb().unseen(record);

    Action resume = only(plan(view), ActionType.ADD);

    assertThat(resume.target()).isEqualTo(gone.nodeKey(1));
    assertThat(resume.spec()).isEqualTo(record.spec());
  }

  @Test
  void aRecordOfAFleetNoLongerDesiredThatIsNotInFlightIsLeftAlone() {
    View view = healthyWeb().running(node(fleet("old", 1, "1.0"), 1, "RUNNING", "1.0"));

    assertThat(plan(view).isQuiet()).isTrue();
  }

  // Priority 0: dead and failed

  @Test
  void aRunningNodeWhoseProcessIsGoneIsRestartedFirst() {
    View view = view().fleets(WEB).running(node(WEB, 1, "RUNNING", "1.0"), node(WEB, 3, "RUNNING", "1.0"))
        .unseen(node(WEB, 2, "RUNNING", "1.0"));

    Plan plan = plan(view);

    assertThat(described(plan)).containsExactly("START web-2 p0: not found on local: restarting");
    assertThat(plan.actions().get(0).spec()).contains(WEB.specFor(2));
  }

  @Test
  void aFailedNodeWhoseBackoffIsOverIsStarted() {
    ResourceRecord failed = failing(node(WEB, 2, "FAILED", "1.0", NodeAttributes.NEXT_ATTEMPT_AT, NOW.toString()), 3);
    View view = view().fleets(WEB).running(node(WEB, 1, "RUNNING", "1.0"), node(WEB, 3, "RUNNING", "1.0")).unseen(failed);

    assertThat(described(plan(view))).containsExactly("START web-2 p0: record says FAILED after 3 failures: starting again");
  }

  @Test
  void aFailedNodeStillBackingOffIsHeldWithItsDeadline() {
    String until = NOW.plusSeconds(30).toString();
    ResourceRecord failed = failing(node(WEB, 2, "FAILED", "1.0", NodeAttributes.NEXT_ATTEMPT_AT, until), 1);
    View view = view().fleets(WEB).running(node(WEB, 1, "RUNNING", "1.0"), node(WEB, 3, "RUNNING", "1.0")).unseen(failed);

    Plan plan = plan(view);

    assertThat(heldDescribed(plan)).containsExactly("START web-2: backing off after 1 failure until " + until);
    assertThat(plan.actions()).extracting(Action::type).containsExactly(ActionType.SURVEY);
  }

  @Test
  void aDeadNodeWithoutADeadlineIsStarted() {
    View view = view().fleets(WEB).running(node(WEB, 1, "RUNNING", "1.0"), node(WEB, 3, "RUNNING", "1.0"))
        .unseen(node(WEB, 2, "DEAD", "1.0"));

    assertThat(described(plan(view))).containsExactly("START web-2 p0: record says DEAD: starting again");
  }

  @Test
  void plannedAndStoppedNodesTheFleetStillCountsAreStarted() {
    View view = view().fleets(WEB).running(node(WEB, 1, "RUNNING", "1.0"))
        .unseen(node(WEB, 2, "PLANNED", "1.0"), node(WEB, 3, "STOPPED", "1.0"));

    assertThat(described(plan(view))).containsExactly(
        "START web-2 p0: record says PLANNED: starting again", "START web-3 p0: record says STOPPED: starting again");
  }

  @Test
  void anUnreadableDeadlineIsIgnoredAndSaidSo() {
    View view = view().fleets(fleet("web", 1, "1.0")).unseen(node(WEB, 1, "DEAD", "1.0", NodeAttributes.NEXT_ATTEMPT_AT, "soon"));

    assertThat(only(plan(view), ActionType.START).reason())
        .isEqualTo("record says DEAD: starting again; its next_attempt_at 'soon' is not an ISO-8601 instant, so it is ignored");
  }

  @Test
  void whenTheFleetIsOverItsCountDeadAndFailedNodesAreRemovedInsteadOfRestarted() {
    DesiredFleet web = fleet("web", 2, "1.0");
    View view = view().fleets(web).running(node(web, 1, "RUNNING", "1.0"), node(web, 2, "RUNNING", "1.0"))
        .unseen(failing(node(web, 3, "FAILED", "1.0"), 2), node(web, 4, "RUNNING", "1.0"));

    Plan plan = plan(view);

    assertThat(described(plan)).containsExactly(
        "REMOVE web-3 p0: fleet web has 4 nodes and wants 2; FAILED nodes go first",
        "REMOVE web-4 p0: fleet web has 4 nodes and wants 2; nodes not found running go first");
  }

  // Priority 0: dead nodes of a fleet that removes them (on_dead: remove)

  private static final DesiredFleet REMOVES_DEAD = WEB.withOptions(FleetOptions.DEFAULT.withOnDead(FleetOptions.DeadNodePolicy.REMOVE));

  @ParameterizedTest(name = "a node {0} is removed and a fresh node is added at a free index")
  @CsvSource({"found gone while RUNNING, RUNNING", "recorded as DEAD, DEAD"})
  void aFleetThatRemovesDeadNodesRemovesTheDeadOneAndAddsAFreshOne(String what, String state) {
    View view = view().fleets(REMOVES_DEAD).running(node(REMOVES_DEAD, 1, "RUNNING", "1.0"), node(REMOVES_DEAD, 3, "RUNNING", "1.0"))
        .unseen(node(REMOVES_DEAD, 2, state, "1.0"));

    Plan plan = plan(view);

    assertThat(described(plan)).containsExactly(
        "REMOVE web-2 p0: fleet web: web-2 died; the fleet removes dead nodes (on_dead: remove)",
        "ADD web-4 p4: fleet web has 2 nodes and wants 3");
    assertThat(plan.held()).isEmpty();
  }

  @Test
  void aDeadNodesReplacementHeldThisPassIsAddedAtItsIndexOnceItIsRemoved() {
    HostMetrics busy = new HostMetrics(85, 30, 70, 0.5, 4);
    View dying = view().fleets(REMOVES_DEAD).metrics("local", busy)
        .running(node(REMOVES_DEAD, 1, "RUNNING", "1.0"), node(REMOVES_DEAD, 3, "RUNNING", "1.0"))
        .unseen(node(REMOVES_DEAD, 2, "DEAD", "1.0"));
    View removed = view().fleets(REMOVES_DEAD)
        .running(node(REMOVES_DEAD, 1, "RUNNING", "1.0"), node(REMOVES_DEAD, 3, "RUNNING", "1.0"))
        .unseen(node(REMOVES_DEAD, 2, "REMOVED", "1.0"));

    Plan first = plan(dying);
    Plan later = plan(removed);

    assertThat(described(first)).containsExactly("REMOVE web-2 p0: fleet web: web-2 died; the fleet removes dead nodes (on_dead: remove)");
    assertThat(heldDescribed(first)).containsExactly("ADD web-4: cpu 85% is not below the add threshold 80%");
    assertThat(described(later)).containsExactly("ADD web-2 p4: fleet web has 2 nodes and wants 3");
  }

  @Test
  void aFleetThatRemovesDeadNodesStillRestartsAFailedNodeAfterItsBackoff() {
    String until = NOW.plusSeconds(30).toString();
    View backingOff = view().fleets(REMOVES_DEAD).running(node(REMOVES_DEAD, 1, "RUNNING", "1.0"), node(REMOVES_DEAD, 3, "RUNNING", "1.0"))
        .unseen(failing(node(REMOVES_DEAD, 2, "FAILED", "1.0", NodeAttributes.NEXT_ATTEMPT_AT, until), 2));
    View due = view().fleets(REMOVES_DEAD).running(node(REMOVES_DEAD, 1, "RUNNING", "1.0"), node(REMOVES_DEAD, 3, "RUNNING", "1.0"))
        .unseen(failing(node(REMOVES_DEAD, 2, "FAILED", "1.0"), 2));

    assertThat(heldDescribed(plan(backingOff))).containsExactly("START web-2: backing off after 2 failures until " + until);
    assertThat(described(plan(due))).containsExactly("START web-2 p0: record says FAILED after 2 failures: starting again");
  }

  @Test
  void aFleetThatRemovesDeadNodesUpgradesNothingWhileOneGoes() {
    DesiredFleet v2 = fleet("web", 2, "2.0").withOptions(REMOVES_DEAD.options());
    View view = view().fleets(v2).running(node(v2, 1, "RUNNING", "1.0")).unseen(node(v2, 2, "RUNNING", "1.0"));

    Plan plan = plan(view);

    assertThat(described(plan)).containsExactly(
        "REMOVE web-2 p0: fleet web: web-2 died; the fleet removes dead nodes (on_dead: remove)",
        "ADD web-3 p4: fleet web has 1 node and wants 2");
    assertThat(heldDescribed(plan)).containsExactly("UPGRADE web-1: not while removing: fleet web is removing nodes");
  }

  // Priority 1: strays

  @Test
  void aNodeFoundRunningButNotRecordedIsRemovedAndItsIndexIsNotReused() {
    DesiredFleet web = fleet("web", 2, "1.0");
    View view = view().fleets(web).running(node(web, 1, "RUNNING", "1.0")).stray(web.nodeKey(2));

    Plan plan = plan(view);

    assertThat(described(plan)).containsExactly(
        "REMOVE web-2 p1: found running on local but not recorded",
        "ADD web-3 p4: fleet web has 1 node and wants 2");
  }

  @Test
  void aNodeFoundRunningButRecordedAsStoppedIsRemovedAndReplaced() {
    DesiredFleet web = fleet("web", 2, "1.0");
    View view = view().fleets(web).running(node(web, 1, "RUNNING", "1.0"), node(web, 2, "STOPPED", "1.0"));

    assertThat(described(plan(view))).containsExactly(
        "REMOVE web-2 p1: found running on local but recorded as STOPPED",
        "ADD web-3 p4: fleet web has 1 node and wants 2");
  }

  @Test
  void aStrayWhoseRecordSaysRemovedKeepsItsIndexThisPass() {
    DesiredFleet web = fleet("web", 2, "1.0");
    View view = view().fleets(web).running(node(web, 1, "RUNNING", "1.0"), node(web, 2, "REMOVED", "1.0"));

    assertThat(described(plan(view))).containsExactly(
        "REMOVE web-2 p1: found running on local but recorded as REMOVED",
        "ADD web-3 p4: fleet web has 1 node and wants 2");
  }

  // UNKNOWN hosts

  @Test
  void nothingButASurveyHappensOnAHostThatCouldNotBeObserved() {
    DesiredFleet web = fleet("web", "h1", 3, "2.0");
    View view = view().fleets(web).unreachable("h1", "ssh: connection timed out")
        .running(node(web, 1, "RUNNING", "1.0"), failing(node(web, 2, "FAILED", "1.0"), 1),
            node(web, 3, "REMOVING", "1.0", NodeAttributes.PENDING_ACTION, "REMOVE"));

    Plan plan = plan(view);

    assertThat(plan.actions()).extracting(Action::type).containsExactly(ActionType.SURVEY);
    assertThat(plan.held()).isNotEmpty().allSatisfy(h ->
        assertThat(h.heldBecause()).isEqualTo("host h1 could not be observed: ssh: connection timed out"));
    assertThat(plan.held()).extracting(h -> h.action().type())
        .containsExactly(ActionType.REMOVE, ActionType.START, ActionType.UPGRADE, ActionType.ADD);
  }

  // Priority 2: removals

  @Test
  void theExcessIsRemovedAndTheSelectorChoosesWhichRunningNodes() {
    DesiredFleet web = fleet("web", 3, "1.0");
    View view = view().fleets(web);
    for (int i = 1; i <= 5; i++) {
      view.running(node(web, i, "RUNNING", "1.0"));
    }

    Plan youngest = plan(view);
    Plan oldest = new Planner(NO_BUDGETS, selector("oldest")).plan(view.input());

    assertThat(described(youngest)).containsExactly(
        "REMOVE web-4 p2: fleet web has 5 nodes and wants 3; chosen by the node selector",
        "REMOVE web-5 p2: fleet web has 5 nodes and wants 3; chosen by the node selector");
    assertThat(oldest.actions()).extracting(a -> a.target().name()).containsExactly("web-1", "web-2");
  }

  @Test
  void aNodeSomeoneAskedToRemoveGoesBeforeTheFailedOnesAndTheSelectorsChoice() {
    DesiredFleet web = fleet("web", 3, "1.0");
    View view = view().fleets(web).running(node(web, 1, "RUNNING", "1.0", NodeAttributes.REMOVE_REQUESTED, "by hand"),
        node(web, 2, "RUNNING", "1.0"), node(web, 3, "RUNNING", "1.0"))
        .unseen(failing(node(web, 4, "FAILED", "1.0"), 2));
    view.running(node(web, 5, "RUNNING", "1.0"));

    assertThat(described(plan(view))).containsExactly(
        "REMOVE web-4 p0: fleet web has 5 nodes and wants 3; FAILED nodes go first",
        "REMOVE web-1 p2: fleet web has 5 nodes and wants 3; removal asked for by hand");
    // Without the request, the failed node and the youngest go.
    View plain = view().fleets(web).running(node(web, 1, "RUNNING", "1.0"), node(web, 2, "RUNNING", "1.0"),
        node(web, 3, "RUNNING", "1.0"), node(web, 5, "RUNNING", "1.0")).unseen(failing(node(web, 4, "FAILED", "1.0"), 2));
    assertThat(plan(plain).actions()).extracting(a -> a.target().name()).containsExactlyInAnyOrder("web-4", "web-5");
  }

  @Test
  void aRequestedNodeWithinTheCountIsNotRemoved() {
    DesiredFleet web = fleet("web", 2, "1.0");
    View view = view().fleets(web).running(node(web, 1, "RUNNING", "1.0", NodeAttributes.REMOVE_REQUESTED, "by hand"),
        node(web, 2, "RUNNING", "1.0"));

    assertThat(plan(view).actions()).extracting(a -> a.type()).doesNotContain(ActionType.REMOVE);
  }

  static List<String> selectorIds() {
    return PlanFixtures.selectorIds();
  }

  @ParameterizedTest(name = "selector {0}, found by ServiceLoader, chooses the victims")
  @MethodSource("selectorIds")
  void everySelectorFoundByServiceLoaderChoosesTheVictims(String id) {
    DesiredFleet web = fleet("web", 2, "1.0");
    View view = view().fleets(web);
    List<ResourceRecord> running = new ArrayList<>();
    for (int i = 1; i <= 5; i++) {
      ResourceRecord record = node(web, i, "RUNNING", "1.0", "records", Integer.toString(100 - i * 7 % 5), "shunned", Integer.toString(i % 3));
      running.add(record);
      view.running(record);
    }
    NodeSelector selector = selector(id);
    List<ResourceKey> expected = selector.selectForRemoval(running, 3).stream().map(ResourceRecord::key).sorted().toList();

    Plan plan = new Planner(NO_BUDGETS, selector).plan(view.input());

    assertThat(plan.actions()).extracting(Action::target).containsExactlyElementsOf(expected);
  }

  @Test
  void stoppedAndPlannedNodesGoBeforeRunningOnes() {
    DesiredFleet web = fleet("web", 2, "1.0");
    View view = view().fleets(web).running(node(web, 1, "RUNNING", "1.0"), node(web, 2, "RUNNING", "1.0"))
        .unseen(node(web, 3, "STOPPED", "1.0"), node(web, 4, "PLANNED", "1.0"));

    assertThat(described(plan(view))).containsExactly(
        "REMOVE web-3 p2: fleet web has 4 nodes and wants 2; STOPPED nodes go first",
        "REMOVE web-4 p2: fleet web has 4 nodes and wants 2; PLANNED nodes go first");
  }

  @Test
  void theSelectorIsCalledOncePerFleetThatNeedsRunningVictims() {
    AtomicInteger calls = new AtomicInteger();
    NodeSelector youngest = selector("youngest");
    NodeSelector counting = (candidates, count) -> {
      calls.incrementAndGet();
      return youngest.selectForRemoval(candidates, count);
    };
    DesiredFleet a = fleet("a", 1, "1.0");
    DesiredFleet b = fleet("b", 1, "1.0");
    DesiredFleet c = fleet("c", 3, "1.0");
    View view = view().fleets(a, b, c);
    for (int i = 1; i <= 3; i++) {
      view.running(node(a, i, "RUNNING", "1.0"), node(b, i, "RUNNING", "1.0"), node(c, i, "RUNNING", "1.0"));
    }

    Plan plan = new Planner(NO_BUDGETS, counting).plan(view.input());

    assertThat(calls).hasValue(2);
    assertThat(plan.actions()).filteredOn(x -> x.type() == ActionType.REMOVE).hasSize(4);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "cpu 97% is above the removal threshold 95%|97|50|50|1|4",
      "memory 95.5% is above the removal threshold 95%|50|95.5|50|1|4",
      "free disk 4.25% is below the crisis threshold 5%|50|50|4.25|1|4",
      "load 4.5 per cpu is above the removal threshold 4|50|50|50|18|4",
      "cpu 100% is above the removal threshold 95%; free disk 0% is below the crisis threshold 5%|100|50|0|1|4"})
  void aHostPastARemovalThresholdLosesOneRunningNodePerPass(String reason, double cpu, double memory, double disk, double load, int cpus) {
    View view = healthyWeb().metrics("local", new HostMetrics(cpu, memory, disk, load, cpus));

    Plan plan = plan(view);

    assertThat(described(plan)).containsExactly("REMOVE web-3 p2: " + reason);
  }

  @ParameterizedTest(name = "cpu {0}, memory {1}, disk free {2}, load {3} on {4} cpus is not a crisis")
  @CsvSource({"95, 50, 50, 1, 4", "50, 95, 50, 1, 4", "50, 50, 5, 1, 4", "50, 50, 50, 16, 4"})
  void aFigureExactlyAtItsRemovalThresholdRemovesNothing(double cpu, double memory, double disk, double load, int cpus) {
    View view = healthyWeb().metrics("local", new HostMetrics(cpu, memory, disk, load, cpus));

    assertThat(plan(view).actions()).extracting(Action::type).containsExactly(ActionType.SURVEY);
  }

  @Test
  void aCrisisDoesNotRemoveAnotherNodeWhileOneIsAlreadyGoing() {
    View view = view().fleets(WEB).metrics("local", new HostMetrics(99, 50, 50, 1, 4))
        .running(node(WEB, 1, "RUNNING", "1.0"), node(WEB, 2, "RUNNING", "1.0"),
            node(WEB, 3, "REMOVING", "1.0", NodeAttributes.PENDING_ACTION, "REMOVE"));

    Plan plan = plan(view);

    assertThat(plan.actions()).extracting(Action::type).containsExactly(ActionType.REMOVE);
    assertThat(plan.actions().get(0).target()).isEqualTo(WEB.nodeKey(3));
    assertThat(heldDescribed(plan)).containsExactly("ADD web-4: cpu 99% is not below the add threshold 80%");
  }

  @Test
  void aCrisisTakesARunningNodeEvenWhenTheExcessWasOnlyDeadNodes() {
    DesiredFleet web = fleet("web", 2, "1.0");
    View view = view().fleets(web).metrics("local", new HostMetrics(99, 50, 50, 1, 4))
        .running(node(web, 1, "RUNNING", "1.0"), node(web, 2, "RUNNING", "1.0")).unseen(node(web, 3, "DEAD", "1.0"));

    assertThat(described(plan(view))).containsExactly(
        "REMOVE web-3 p0: fleet web has 3 nodes and wants 2; DEAD nodes go first",
        "REMOVE web-2 p2: cpu 99% is above the removal threshold 95%");
  }

  // Priority 3: upgrades

  @Test
  void aNodeOnAnOlderVersionIsUpgradedTowardsTheFleetsSpec() {
    DesiredFleet web = fleet("web", 2, "2.0");
    View view = view().fleets(web).running(node(web, 1, "RUNNING", "2.0"), node(web, 2, "RUNNING", "1.0"));

    Action upgrade = only(plan(view), ActionType.UPGRADE);

    assertThat(upgrade.target()).isEqualTo(web.nodeKey(2));
    assertThat(upgrade.priority()).isEqualTo(3);
    assertThat(upgrade.reason()).isEqualTo("runs 1.0, wants 2.0");
    assertThat(upgrade.spec()).contains(web.specFor(2));
    assertThat(upgrade.spec().orElseThrow().property(ProcessSpec.VERSION)).contains("2.0");
  }

  @Test
  void aNodeWithoutARecordedVersionIsUpgraded() {
    DesiredFleet web = fleet("web", 1, "2.0");
    ResourceRecord bare = node(web, 1, "RUNNING", "x").withSpec(Spec.of(web.nodeKey(1)), NOW);

    assertThat(only(plan(view().fleets(web).running(bare)), ActionType.UPGRADE).reason()).isEqualTo("runs no recorded version, wants 2.0");
  }

  @Test
  void upgradesWaitWhileTheFleetIsRemovingNodes() {
    DesiredFleet web = fleet("web", 2, "2.0");
    View view = view().fleets(web).running(node(web, 1, "RUNNING", "1.0"), node(web, 2, "RUNNING", "1.0"), node(web, 3, "RUNNING", "1.0"));

    Plan plan = plan(view);

    assertThat(described(plan)).containsExactly("REMOVE web-3 p2: fleet web has 3 nodes and wants 2; chosen by the node selector");
    assertThat(heldDescribed(plan)).containsExactly(
        "UPGRADE web-1: not while removing: fleet web is removing nodes",
        "UPGRADE web-2: not while removing: fleet web is removing nodes");
  }

  // Priority 4: additions

  @Test
  void missingNodesAreAddedAtTheLowestFreeIndexes() {
    DesiredFleet web = fleet("web", 4, "1.0");
    View view = view().fleets(web).running(node(web, 2, "RUNNING", "1.0"), node(web, 5, "RUNNING", "1.0"));

    Plan plan = plan(view);

    assertThat(described(plan)).containsExactly(
        "ADD web-1 p4: fleet web has 2 nodes and wants 4",
        "ADD web-3 p4: fleet web has 2 nodes and wants 4");
    assertThat(plan.actions().get(0).spec()).contains(web.specFor(1));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "cpu 80% is not below the add threshold 80%|80|50|50|1|4",
      "memory 80.5% is not below the add threshold 80%|50|80.5|50|1|4",
      "free disk 20% is not above the add threshold 20%|50|50|20|1|4",
      "load 1.5 per cpu is not below the add threshold 1.5|50|50|50|6|4",
      "cpu 90% is not below the add threshold 80%; load 2 per cpu is not below the add threshold 1.5|90|50|50|8|4"})
  void additionsAreHeldWhileAFigureIsNotOnTheSafeSide(String reason, double cpu, double memory, double disk, double load, int cpus) {
    DesiredFleet web = fleet("web", 2, "1.0");
    View view = view().fleets(web).running(node(web, 1, "RUNNING", "1.0")).metrics("local", new HostMetrics(cpu, memory, disk, load, cpus));

    Plan plan = plan(view);

    assertThat(heldDescribed(plan)).containsExactly("ADD web-2: " + reason);
    assertThat(plan.actions()).extracting(Action::type).containsExactly(ActionType.SURVEY);
  }

  @ParameterizedTest(name = "cpu {0}, memory {1}, disk free {2}, load {3} on {4} cpus allows an addition")
  @CsvSource({"79.9, 50, 50, 1, 4", "50, 79.9, 50, 1, 4", "50, 50, 20.1, 1, 4", "50, 50, 50, 5.9, 4"})
  void additionsGoAheadJustOnTheSafeSide(double cpu, double memory, double disk, double load, int cpus) {
    DesiredFleet web = fleet("web", 2, "1.0");
    View view = view().fleets(web).running(node(web, 1, "RUNNING", "1.0")).metrics("local", new HostMetrics(cpu, memory, disk, load, cpus));

    assertThat(described(plan(view))).containsExactly("ADD web-2 p4: fleet web has 1 node and wants 2");
  }

  @Test
  void aHostWithoutMetricsGetsNoAdditions() {
    DesiredFleet web = fleet("web", "h2", 1, "1.0");
    View view = view().fleets(web);

    assertThat(heldDescribed(plan(view))).containsExactly("ADD web-1: no metrics for host h2");
  }

  @Test
  void customThresholdsAreUsed() {
    Thresholds strict = new Thresholds(10, 95, 80, 95, 20, 5, 1.5, 4);
    View view = view().fleets(fleet("web", 1, "1.0"));

    Plan plan = plan(new PlanPolicy(strict, Budgets.unlimited()), view);

    assertThat(heldDescribed(plan)).containsExactly("ADD web-1: cpu 20% is not below the add threshold 10%");
  }

  // Budgets

  @Test
  @DisplayName("by default one upgrade, two starts, two additions and one removal are in flight at once")
  void theDefaultPolicyRollsChangesOutALittleAtATime() {
    DesiredFleet web = fleet("web", 3, "2.0");
    DesiredFleet api = fleet("api", 4, "1.0");
    DesiredFleet worker = fleet("worker", 3, "1.0");
    DesiredFleet batch = fleet("batch", 1, "1.0");
    View view = view().fleets(web, api, worker, batch)
        .running(node(web, 1, "RUNNING", "1.0"), node(web, 2, "RUNNING", "1.0"), node(web, 3, "RUNNING", "1.0"))
        .unseen(node(worker, 1, "DEAD", "1.0"), node(worker, 2, "DEAD", "1.0"), node(worker, 3, "DEAD", "1.0"))
        .running(node(batch, 1, "RUNNING", "1.0"), node(batch, 2, "RUNNING", "1.0"), node(batch, 3, "RUNNING", "1.0"));

    Plan plan = new Planner(PlanPolicy.DEFAULT, selector("youngest")).plan(view.input());

    assertThat(PlanPolicy.DEFAULT.budgets()).isEqualTo(Budgets.standard());
    assertThat(described(plan)).containsExactly(
        "START worker-1 p0: record says DEAD: starting again",
        "START worker-2 p0: record says DEAD: starting again",
        "REMOVE batch-3 p2: fleet batch has 3 nodes and wants 1; chosen by the node selector",
        "UPGRADE web-1 p3: runs 1.0, wants 2.0",
        "ADD api-1 p4: fleet api has 0 nodes and wants 4",
        "ADD api-2 p4: fleet api has 0 nodes and wants 4");
    assertThat(heldDescribed(plan)).containsExactly(
        "START worker-3: budget: at most 2 START in flight, 2 under way",
        "REMOVE batch-2: budget: at most 1 REMOVE in flight, 1 under way",
        "UPGRADE web-2: budget: at most 1 UPGRADE in flight, 1 under way",
        "UPGRADE web-3: budget: at most 1 UPGRADE in flight, 1 under way",
        "ADD api-3: budget: at most 2 ADD in flight, 2 under way",
        "ADD api-4: budget: at most 2 ADD in flight, 2 under way");
    assertThat(plan.underWay()).isEqualTo(Map.of(ActionType.START, 2, ActionType.REMOVE, 1, ActionType.UPGRADE, 1, ActionType.ADD, 2));
  }

  @Test
  void actionsBeyondABudgetAreHeldInOrder() {
    DesiredFleet web = fleet("web", 3, "2.0");
    View view = view().fleets(web).running(node(web, 1, "RUNNING", "1.0"), node(web, 2, "RUNNING", "1.0"), node(web, 3, "RUNNING", "1.0"));

    Plan plan = plan(new PlanPolicy(Thresholds.DEFAULT, Budgets.unlimited().with(ActionType.UPGRADE, 1)), view);

    assertThat(described(plan)).containsExactly("UPGRADE web-1 p3: runs 1.0, wants 2.0");
    assertThat(heldDescribed(plan)).containsExactly(
        "UPGRADE web-2: budget: at most 1 UPGRADE in flight, 1 under way",
        "UPGRADE web-3: budget: at most 1 UPGRADE in flight, 1 under way");
  }

  @Test
  void recordsAlreadyInFlightCountAgainstTheBudgetAndTheirResumeTakesNoMore() {
    DesiredFleet web = fleet("web", 4, "2.0");
    View view = view().fleets(web).running(node(web, 1, "RUNNING", "1.0"), node(web, 2, "RUNNING", "1.0"),
        node(web, 3, "RUNNING", "1.0"), node(web, 4, "UPGRADING", "1.0", NodeAttributes.PENDING_ACTION, "UPGRADE"));

    Plan two = plan(new PlanPolicy(Thresholds.DEFAULT, Budgets.unlimited().with(ActionType.UPGRADE, 2)), view);
    Plan one = plan(new PlanPolicy(Thresholds.DEFAULT, Budgets.unlimited().with(ActionType.UPGRADE, 1)), view);

    assertThat(described(two)).containsExactly(
        "UPGRADE web-4 p0: resuming an interrupted UPGRADE (record says UPGRADING)",
        "UPGRADE web-1 p3: runs 1.0, wants 2.0");
    assertThat(heldDescribed(two)).containsExactly(
        "UPGRADE web-2: budget: at most 2 UPGRADE in flight, 2 under way",
        "UPGRADE web-3: budget: at most 2 UPGRADE in flight, 2 under way");
    assertThat(described(one)).containsExactly("UPGRADE web-4 p0: resuming an interrupted UPGRADE (record says UPGRADING)");
    assertThat(heldDescribed(one)).hasSize(3).allSatisfy(h -> assertThat(h).endsWith("budget: at most 1 UPGRADE in flight, 1 under way"));
  }

  @Test
  void inFlightAdditionsOfAnyFleetCountAgainstTheAddBudget() {
    DesiredFleet web = fleet("web", 3, "1.0");
    DesiredFleet api = fleet("api", 2, "1.0");
    View view = view().fleets(web, api).unseen(node(web, 1, "CREATING", "1.0", NodeAttributes.PENDING_ACTION, "ADD"),
        node(web, 2, "STARTING", "1.0", NodeAttributes.PENDING_ACTION, "ADD"));

    Plan plan = plan(new PlanPolicy(Thresholds.DEFAULT, Budgets.unlimited().with(ActionType.ADD, 3)), view);

    assertThat(described(plan)).containsExactly(
        "ADD web-1 p0: resuming an interrupted ADD (record says CREATING)",
        "ADD web-2 p0: resuming an interrupted ADD (record says STARTING)",
        "ADD api-1 p4: fleet api has 0 nodes and wants 2");
    assertThat(heldDescribed(plan)).containsExactly(
        "ADD api-2: budget: at most 3 ADD in flight, 3 under way",
        "ADD web-3: budget: at most 3 ADD in flight, 3 under way");
  }

  @Test
  void aResumeWithoutAPendingActionTakesBudget() {
    DesiredFleet web = fleet("web", 2, "1.0");
    View view = view().fleets(web).unseen(node(web, 1, "STARTING", "1.0"), node(web, 2, "CREATING", "1.0"));

    Plan plan = plan(new PlanPolicy(Thresholds.DEFAULT, Budgets.unlimited().with(ActionType.START, 1)), view);

    assertThat(plan.actions()).extracting(a -> a.target().name()).containsExactly("web-1");
    assertThat(heldDescribed(plan)).containsExactly("START web-2: budget: at most 1 START in flight, 1 under way");
  }

  @Test
  void theRemovalBudgetKeepsTheSelectorsFirstChoicesAndFleetsTakeTurns() {
    DesiredFleet a = fleet("a", 1, "1.0");
    DesiredFleet b = fleet("b", 1, "1.0");
    View view = view().fleets(a, b);
    for (int i = 1; i <= 4; i++) {
      view.running(node(a, i, "RUNNING", "1.0"), node(b, i, "RUNNING", "1.0"));
    }

    Plan plan = plan(new PlanPolicy(Thresholds.DEFAULT, Budgets.unlimited().with(ActionType.REMOVE, 2)), view);

    // youngest first: the highest index of each fleet.
    assertThat(plan.actions()).extracting(x -> x.target().name()).containsExactly("a-4", "b-4");
    assertThat(plan.held()).hasSize(4);
  }

  // Cooldown

  private static DesiredFleet coolingFor(DesiredFleet fleet, Duration cooldown) {
    return fleet.withOptions(fleet.options().withCooldown(cooldown));
  }

  @Test
  @DisplayName("a node changed within its fleet's cooldown is held with how long ago, the others go ahead")
  void aNodeChangedWithinTheCooldownIsHeldAndSaysWhen() {
    DesiredFleet web = coolingFor(fleet("web", 3, "2.0"), Duration.ofSeconds(30));
    View view = view().fleets(web).running(changedAt(node(web, 1, "RUNNING", "1.0"), NOW.minusSeconds(12)),
        changedAt(node(web, 2, "RUNNING", "1.0"), NOW.minusSeconds(30)), node(web, 3, "RUNNING", "1.0"));

    Plan plan = plan(view);

    assertThat(described(plan)).containsExactly("UPGRADE web-2 p3: runs 1.0, wants 2.0", "UPGRADE web-3 p3: runs 1.0, wants 2.0");
    assertThat(heldDescribed(plan)).containsExactly("UPGRADE web-1: cooling down: last change 12s ago, cooldown 30s");
  }

  @ParameterizedTest(name = "on_dead {0}: a node that dies 5s after its last change waits for a cooldown of 1m")
  @CsvSource({"RESTART, START", "REMOVE, REMOVE"})
  void aNodeThatDiesSoonAfterItsLastChangeWaitsForTheCooldown(FleetOptions.DeadNodePolicy onDead, ActionType type) {
    DesiredFleet web = WEB.withOptions(FleetOptions.DEFAULT.withOnDead(onDead).withCooldown(Duration.ofMinutes(1)));
    ResourceRecord flapping = node(web, 2, "RUNNING", "1.0");
    View soon = view().fleets(web).running(node(web, 1, "RUNNING", "1.0"), node(web, 3, "RUNNING", "1.0"))
        .unseen(changedAt(flapping, NOW.minusSeconds(5)));
    View later = view().fleets(web).running(node(web, 1, "RUNNING", "1.0"), node(web, 3, "RUNNING", "1.0"))
        .unseen(changedAt(flapping, NOW.minusSeconds(60)));

    assertThat(heldDescribed(plan(soon))).containsExactly(type + " web-2: cooling down: last change 5s ago, cooldown 1m");
    assertThat(plan(later).actions()).extracting(a -> a.type() + " " + a.target().name()).contains(type + " web-2");
  }

  @Test
  void resumesAndStraysAreNeverHeldByACooldown() {
    DesiredFleet web = coolingFor(fleet("web", 2, "1.0"), Duration.ofMinutes(5));
    View view = view().fleets(web).running(changedAt(node(web, 1, "STARTING", "1.0", NodeAttributes.PENDING_ACTION, "START"), NOW.minusSeconds(1)),
        changedAt(node(web, 2, "STOPPED", "1.0"), NOW.minusSeconds(1)));

    Plan plan = plan(view);

    assertThat(described(plan)).containsExactly(
        "START web-1 p0: resuming an interrupted START (record says STARTING)",
        "REMOVE web-2 p1: found running on local but recorded as STOPPED",
        "ADD web-3 p4: fleet web has 1 node and wants 2");
    assertThat(plan.held()).isEmpty();
  }

  @Test
  void theSelectorsChoiceIsHeldWhileItCoolsDownAndNoOtherNodeGoesInstead() {
    DesiredFleet web = coolingFor(fleet("web", 2, "1.0"), Duration.ofSeconds(90));
    View view = view().fleets(web).running(node(web, 1, "RUNNING", "1.0"), node(web, 2, "RUNNING", "1.0"),
        changedAt(node(web, 3, "RUNNING", "1.0"), NOW.minusSeconds(45)));

    Plan plan = plan(view);

    assertThat(plan.actions()).extracting(Action::type).containsExactly(ActionType.SURVEY);
    assertThat(heldDescribed(plan)).containsExactly("REMOVE web-3: cooling down: last change 45s ago, cooldown 1m30s");
  }

  @Test
  void anotherReasonToHoldWinsOverTheCooldown() {
    DesiredFleet web = coolingFor(fleet("web", 1, "1.0"), Duration.ofMinutes(10));
    String until = NOW.plusSeconds(20).toString();
    View view = view().fleets(web).unseen(changedAt(failing(node(web, 1, "FAILED", "1.0", NodeAttributes.NEXT_ATTEMPT_AT, until), 1),
        NOW.minusSeconds(10)));

    assertThat(heldDescribed(plan(view))).containsExactly("START web-1: backing off after 1 failure until " + until);
  }

  @Test
  void aCoolingActionTakesNoBudget() {
    DesiredFleet web = coolingFor(fleet("web", 2, "2.0"), Duration.ofSeconds(30));
    View view = view().fleets(web).running(changedAt(node(web, 1, "RUNNING", "1.0"), NOW.minusSeconds(3)), node(web, 2, "RUNNING", "1.0"));

    Plan plan = plan(PlanPolicy.DEFAULT, view);

    assertThat(described(plan)).containsExactly("UPGRADE web-2 p3: runs 1.0, wants 2.0");
    assertThat(heldDescribed(plan)).containsExactly("UPGRADE web-1: cooling down: last change 3s ago, cooldown 30s");
  }

  @Test
  void aZeroCooldownHoldsNothingAndAChangeAfterThePlansTimeHoldsItsFullCooldown() {
    DesiredFleet v2 = fleet("web", 1, "2.0");
    DesiredFleet cooling = coolingFor(v2, Duration.ofSeconds(30));

    Plan none = plan(view().fleets(v2).running(changedAt(node(v2, 1, "RUNNING", "1.0"), NOW.plusSeconds(5))));
    Plan held = plan(view().fleets(cooling).running(changedAt(node(cooling, 1, "RUNNING", "1.0"), NOW.plusSeconds(5))));

    assertThat(FleetOptions.DEFAULT.cooldown()).isZero();
    assertThat(described(none)).containsExactly("UPGRADE web-1 p3: runs 1.0, wants 2.0");
    assertThat(heldDescribed(held)).containsExactly("UPGRADE web-1: cooling down: last change 5s after the plan's time, cooldown 30s");
  }

  // Order and determinism

  @Test
  void actionsAreOrderedByPriorityThenTypeThenKey() {
    DesiredFleet web = fleet("web", 12, "2.0");
    View view = view().fleets(web).unseen(node(web, 11, "DEAD", "2.0"))
        .running(node(web, 10, "RUNNING", "1.0"), node(web, 2, "RUNNING", "1.0"), node(web, 3, "STARTING", "2.0"))
        .stray(ResourceKey.of("node", "web-20", "local"));

    Plan plan = plan(view);

    assertThat(described(plan)).containsExactly(
        "START web-11 p0: record says DEAD: starting again",
        "START web-3 p0: resuming an interrupted START (record says STARTING; no pending action was recorded)",
        "REMOVE web-20 p1: found running on local but not recorded",
        "UPGRADE web-10 p3: runs 1.0, wants 2.0",
        "UPGRADE web-2 p3: runs 1.0, wants 2.0",
        "ADD web-1 p4: fleet web has 4 nodes and wants 12",
        "ADD web-12 p4: fleet web has 4 nodes and wants 12",
        "ADD web-4 p4: fleet web has 4 nodes and wants 12",
        "ADD web-5 p4: fleet web has 4 nodes and wants 12",
        "ADD web-6 p4: fleet web has 4 nodes and wants 12",
        "ADD web-7 p4: fleet web has 4 nodes and wants 12",
        "ADD web-8 p4: fleet web has 4 nodes and wants 12",
        "ADD web-9 p4: fleet web has 4 nodes and wants 12");
  }

  @Test
  void theSameInputInAnyOrderGivesTheSamePlan() {
    DesiredFleet web = fleet("web", 3, "2.0");
    DesiredFleet api = fleet("api", 1, "1.0");
    View view = view().fleets(web, api);
    for (int i = 1; i <= 6; i++) {
      view.running(node(web, i, "RUNNING", i % 2 == 0 ? "2.0" : "1.0"), node(api, i, "RUNNING", "1.0"));
    }
    PlanInput input = view.input();
    Planner planner = new Planner(new PlanPolicy(Thresholds.DEFAULT, Budgets.unlimited().with(ActionType.REMOVE, 3)), selector("oldest"));
    Plan first = planner.plan(input);

    for (int seed = 0; seed < 20; seed++) {
      List<ResourceRecord> records = new ArrayList<>(input.records());
      List<DesiredFleet> fleets = new ArrayList<>(input.fleets());
      Collections.shuffle(records, new Random(seed));
      Collections.shuffle(fleets, new Random(seed));
      assertThat(planner.plan(new PlanInput(fleets, records, input.drift(), input.metrics(), input.now()))).isEqualTo(first);
    }
    assertThat(first.held()).isNotEmpty();
  }

  // Membership and bad input

  @Test
  void aRecordWhoseFleetAttributeNamesAnotherFleetIsNotCounted() {
    DesiredFleet web = fleet("web", 1, "1.0");
    ResourceRecord claimed = node(web, 1, "RUNNING", "1.0", NodeAttributes.FLEET, "api");

    Plan plan = plan(view().fleets(web).running(claimed));

    assertThat(described(plan)).containsExactly("ADD web-2 p4: fleet web has 0 nodes and wants 1");
  }

  @Test
  void aRecordWithoutAFleetAttributeBelongsByItsName() {
    DesiredFleet web = fleet("web-eu", 1, "1.0");
    ResourceRecord record = node(web, 1, "RUNNING", "1.0");
    Map<String, String> attributes = new java.util.HashMap<>(record.attributes());
    attributes.remove(NodeAttributes.FLEET);

    assertThat(plan(view().fleets(web).running(record.withAttributes(attributes, NOW))).isQuiet()).isTrue();
  }

  @Test
  void twoRecordsForOneNodeAreRefused() {
    View view = healthyWeb().unseen(node(WEB, 2, "RUNNING", "1.0"));

    assertThatThrownBy(() -> plan(view))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("The records hold node/web-2@local twice: give the planner one record per node, as a state store does");
  }

  @Test
  void aSelectorThatChoosesANodeItWasNotGivenIsReported() {
    NodeSelector wrong = (candidates, count) -> List.of(node(WEB, 99, "RUNNING", "1.0"));
    DesiredFleet web = fleet("web", 1, "1.0");
    View view = view().fleets(web).running(node(web, 1, "RUNNING", "1.0"), node(web, 2, "RUNNING", "1.0"));

    assertThatThrownBy(() -> new Planner(PlanPolicy.DEFAULT, wrong).plan(view.input()))
        .isInstanceOf(StewardException.class)
        .hasMessageContaining("chose node/web-99@local to remove from fleet web, which was not one of the candidates");
  }

  @Test
  void aSelectorThatFailsIsReportedWithTheFleet() {
    NodeSelector broken = (candidates, count) -> {
      throw new IllegalStateException("ranking service down");
    };
    View view = view().fleets(fleet("web", 1, "1.0")).running(node(WEB, 1, "RUNNING", "1.0"), node(WEB, 2, "RUNNING", "1.0"));

    assertThatThrownBy(() -> new Planner(PlanPolicy.DEFAULT, broken).plan(view.input()))
        .isInstanceOf(StewardException.class)
        .hasMessage("The node selector failed to choose 1 of fleet web's nodes to remove: ranking service down");
  }

  @Test
  void twoFleetsOfOneNameOnOneHostAreRefused() {
    assertThatThrownBy(() -> view().fleets(fleet("web", "h2", 2, "1.0"), fleet("web", "h2", 1, "1.0")).input())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Fleet name 'web' is used twice on host h2: give each fleet its own name (one fleet may run on several hosts, once on each)");
  }

  @Test
  void aFleetOverSeveralHostsIsPlannedOnEachHostAloneAndNothingIsDoneWhereTheHostIsUnknown() {
    DesiredFleet onA = fleet("web", "a", 2, "1.0");
    DesiredFleet onB = onA.onHost("b");
    DesiredFleet onC = onA.onHost("c");
    HostMetrics calm = new HostMetrics(10, 10, 80, 0.1, 4);
    View view = view().fleets(onA, onB, onC)
        .running(node(onA, 1, "RUNNING", "1.0"))
        .unseen(node(onB, 1, "RUNNING", "1.0"), node(onC, 1, "RUNNING", "1.0"))
        .metrics("a", calm).metrics("b", calm).metrics("c", calm)
        .unreachable("c", "connection refused");

    Plan plan = plan(view);

    assertThat(plan.actions()).extracting(a -> a.type() + " " + a.target()).containsExactlyInAnyOrder(
        "ADD node/web-2@a", "START node/web-1@b", "ADD node/web-2@b", "SURVEY fleet/web@c");
    assertThat(plan.actions()).filteredOn(a -> a.type() == ActionType.ADD && a.target().host().equals("b"))
        .singleElement().satisfies(add -> assertThat(add.reason()).isEqualTo("fleet web on b has 1 node and wants 2"));
    assertThat(plan.held()).extracting(h -> h.action().target().toString()).doesNotContain("node/web-1@c");
  }

  @Test
  void aFleetWithoutPortsGetsSpecsWithoutPorts() {
    DesiredFleet plain = new DesiredFleet("batch", "local", 1, "1.0", Map.of(ProcessSpec.COMMAND, "work {index}"), OptionalInt.empty());

    Action add = only(plan(view().fleets(plain)), ActionType.ADD);

    assertThat(add.spec().orElseThrow().properties()).isEqualTo(Map.of(ProcessSpec.COMMAND, "work 1", ProcessSpec.VERSION, "1.0"));
  }
}
