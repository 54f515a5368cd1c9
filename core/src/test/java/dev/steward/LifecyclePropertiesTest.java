package dev.steward;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.steward.discovery.ExtensionPoint;
import dev.steward.discovery.ProviderRegistry;
import dev.steward.testsupport.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.Tuple.Tuple2;

/**
 * Properties of lifecycle tables. The expected tables are written out here by hand, so these
 * properties check the builder and the store against an oracle that does not share their code.
 */
class LifecyclePropertiesTest {
  /** The node table as documented on {@link NodeLifecycle}, spelled out edge by edge. */
  private static final Map<String, Set<String>> NODE_TABLE = table(
      "PLANNED", "CREATING REMOVED",
      "CREATING", "STARTING FAILED DEAD",
      "STARTING", "RUNNING STOPPING FAILED DEAD",
      "RUNNING", "UPGRADING STOPPING FAILED DEAD",
      "UPGRADING", "RUNNING FAILED DEAD",
      "STOPPING", "STOPPED FAILED DEAD",
      "STOPPED", "STARTING REMOVING DEAD",
      "REMOVING", "REMOVED FAILED",
      "REMOVED", "",
      "FAILED", "PLANNED STARTING REMOVING",
      "DEAD", "PLANNED STARTING REMOVING");

  private static final List<String> PIPELINE_STEPS =
      List.of("DISCOVERED", "STAGED", "METADATA_FETCHED", "TORRENT_CREATED", "UPLOADED", "COMPLETE");

  private static final Map<String, Set<String>> PIPELINE_TABLE = table(
      "DISCOVERED", "STAGED FAILED",
      "STAGED", "METADATA_FETCHED FAILED",
      "METADATA_FETCHED", "TORRENT_CREATED FAILED",
      "TORRENT_CREATED", "UPLOADED FAILED",
      "UPLOADED", "COMPLETE FAILED",
      "COMPLETE", "",
      "FAILED", "DISCOVERED");

  static final Lifecycle PIPELINE = pipeline();

  private static Lifecycle pipeline() {
    Lifecycle.Builder builder = Lifecycle.builder("pipeline").initial(PIPELINE_STEPS.get(0));
    for (int i = 0; i + 1 < PIPELINE_STEPS.size(); i++) {
      builder.allow(PIPELINE_STEPS.get(i), PIPELINE_STEPS.get(i + 1));
    }
    return builder
        .allowFromEach(PIPELINE_STEPS.subList(0, PIPELINE_STEPS.size() - 1), "FAILED")
        .allow("FAILED", "DISCOVERED")
        .terminal("COMPLETE")
        .build();
  }

  /** One requested transition: follow the table (pick among allowed targets) or ask for anything. */
  record Step(boolean followTable, int pick, String reason) {}

  @Provide
  Arbitrary<List<Step>> walks() {
    Arbitrary<Step> step = Combinators.combine(
            Arbitraries.integers().between(0, 99).map(p -> p < 60),
            Arbitraries.integers().between(0, 1000),
            Arbitraries.of("planned", "retry", "operator asked"))
        .as(Step::new);
    return step.list().ofMaxSize(60);
  }

  @Property(tries = 300)
  void nodeRecordInAStoreFollowsTheTableOrStaysUnchanged(@ForAll("walks") List<Step> walk) {
    drive(NodeLifecycle.LIFECYCLE, NODE_TABLE, ResourceKey.local("node", "web-1"), walk);
  }

  @Property(tries = 300)
  void pipelineRecordInAStoreFollowsTheTableOrStaysUnchanged(@ForAll("walks") List<Step> walk) {
    drive(PIPELINE, PIPELINE_TABLE, ResourceKey.local("item", "ubuntu-24.04.iso"), walk);
  }

  private static void drive(Lifecycle lifecycle, Map<String, Set<String>> expected, ResourceKey key, List<Step> walk) {
    // Moves one second forward every time it is read, so every write gets a distinct time.
    MutableClock clock = MutableClock.stepping(Instant.ofEpochSecond(1_700_000_000L), Duration.ofSeconds(1));
    StateStore store = ProviderRegistry.discover().create(ExtensionPoint.STATE_STORE,
        Settings.builder().set(CoreSettings.STATE_STORE, "memory").lifecycles(PIPELINE).clock(clock).build());
    List<String> requestable = new ArrayList<>(expected.keySet());
    requestable.add("NOT_A_STATE");

    ResourceRecord created = store.create(key, lifecycle.name(), Optional.empty(), "created");
    assertThat(created.state()).isEqualTo(lifecycle.initialState());
    assertThat(created.version()).isEqualTo(1);

    for (Step step : walk) {
      ResourceRecord before = store.get(key);
      List<String> allowed = List.copyOf(expected.get(before.state()));
      String requested = step.followTable() && !allowed.isEmpty()
          ? allowed.get(step.pick() % allowed.size())
          : requestable.get(step.pick() % requestable.size());
      boolean same = requested.equals(before.state());
      boolean shouldAllow = same || allowed.contains(requested);

      if (shouldAllow) {
        ResourceRecord after = store.transition(key, requested, step.reason());
        assertThat(after.state()).isEqualTo(requested);
        assertThat(after.reason()).isEqualTo(step.reason());
        boolean unchanged = same && before.reason().equals(step.reason());
        assertThat(after.version()).isEqualTo(unchanged ? before.version() : before.version() + 1);
        assertThat(after.createdAt()).isEqualTo(created.createdAt());
        assertThat(after.updatedAt()).isAfterOrEqualTo(before.updatedAt());
        assertThat(store.get(key)).isEqualTo(after);
      } else {
        IllegalTransitionException refused = catchThrowableOfType(
            () -> store.transition(key, requested, step.reason()), IllegalTransitionException.class);
        assertThat(refused).as("%s -> %s must be refused", before.state(), requested).isNotNull();
        assertThat(refused.key()).isEqualTo(key);
        assertThat(refused.lifecycle()).isEqualTo(lifecycle.name());
        assertThat(refused.from()).isEqualTo(before.state());
        assertThat(refused.to()).isEqualTo(requested);
        assertThat(refused.allowedTargets()).containsExactlyInAnyOrderElementsOf(allowed);
        assertThat(store.get(key)).isEqualTo(before);
      }
    }
  }

  @Example
  void shippedTablesMatchTheirDocumentedEdges() {
    assertThat(edges(NodeLifecycle.LIFECYCLE)).isEqualTo(NODE_TABLE);
    assertThat(edges(PIPELINE)).isEqualTo(PIPELINE_TABLE);
  }

  @Example
  void shippedTablesHaveNoUnreachableStatesAndNoDeadEndsButTerminalOnes() {
    for (Lifecycle table : List.of(NodeLifecycle.LIFECYCLE, PIPELINE)) {
      Map<String, Set<String>> edges = edges(table);
      assertThat(reachable(table.initialState(), edges)).as(table.name()).containsExactlyInAnyOrderElementsOf(table.states());
      for (String state : table.states()) {
        if (table.isTerminal(state)) {
          assertThat(edges.get(state)).as("%s exits of terminal %s", table.name(), state).isEmpty();
        } else {
          assertThat(edges.get(state)).as("%s exits of %s", table.name(), state).isNotEmpty();
        }
      }
      assertThat(table.terminalStates()).as(table.name()).isNotEmpty();
    }
  }

  @Example
  void everyShippedNodeStateCanStillEndInATerminalState() {
    // Stronger than "no dead ends": no cycle without an exit may strand a record.
    Map<String, Set<String>> edges = edges(NodeLifecycle.LIFECYCLE);
    for (String state : NodeLifecycle.LIFECYCLE.states()) {
      assertThat(reachable(state, edges)).as("from %s", state).contains(NodeLifecycle.REMOVED);
    }
  }

  /** A random table over states S0..Sn-1 with S0 initial: edges (self-loops included) and terminal marks. */
  record RandomTable(int size, List<Tuple2<Integer, Integer>> edges, Set<Integer> terminal) {
    String state(int i) {
      return "S" + i;
    }

    Map<String, Set<String>> exits() {
      Map<String, Set<String>> exits = new LinkedHashMap<>();
      for (int i = 0; i < size; i++) {
        exits.put(state(i), new LinkedHashSet<>());
      }
      for (Tuple2<Integer, Integer> edge : edges) {
        if (!edge.get1().equals(edge.get2())) {
          exits.get(state(edge.get1())).add(state(edge.get2()));
        }
      }
      return exits;
    }
  }

  @Provide
  Arbitrary<RandomTable> randomTables() {
    return Arbitraries.integers().between(1, 7).flatMap(n -> {
      Arbitrary<Integer> index = Arbitraries.integers().between(0, n - 1);
      Arbitrary<List<Tuple2<Integer, Integer>>> edges = Combinators.combine(index, index).as(Tuple::of).list().ofMaxSize(3 * n);
      Arbitrary<Set<Integer>> terminal = index.set().ofMaxSize(n);
      return Combinators.combine(edges, terminal).as((e, t) -> new RandomTable(n, e, t));
    });
  }

  @Property(tries = 1000)
  void builderAcceptsExactlyTheTablesWithoutUnreachableStatesOrStrandingStates(@ForAll("randomTables") RandomTable random) {
    Map<String, Set<String>> exits = random.exits();
    Set<String> reachable = reachable("S0", exits);
    List<String> expectedProblems = new ArrayList<>();
    for (String state : exits.keySet()) {
      if (!reachable.contains(state)) {
        expectedProblems.add(state + " cannot be reached from S0");
      }
    }
    for (int i = 0; i < random.size(); i++) {
      String state = random.state(i);
      boolean terminal = random.terminal().contains(i);
      if (terminal && !exits.get(state).isEmpty()) {
        expectedProblems.add(state + " is terminal but may move to");
      } else if (!terminal && exits.get(state).isEmpty()) {
        expectedProblems.add(state + " has no way out");
      }
    }

    Lifecycle.Builder builder = Lifecycle.builder("random");
    for (int i = 0; i < random.size(); i++) {
      builder.states(random.state(i));
    }
    builder.initial("S0");
    for (Tuple2<Integer, Integer> edge : random.edges()) {
      builder.allow(random.state(edge.get1()), random.state(edge.get2()));
    }
    for (int i : new TreeSet<>(random.terminal())) {
      builder.terminal(random.state(i));
    }

    if (expectedProblems.isEmpty()) {
      Lifecycle built = builder.build();
      assertThat(edges(built)).isEqualTo(exits);
      assertThat(built.initialState()).isEqualTo("S0");
      Set<String> terminalNames = new HashSet<>();
      random.terminal().forEach(i -> terminalNames.add(random.state(i)));
      assertThat(built.terminalStates()).containsExactlyInAnyOrderElementsOf(terminalNames);
    } else {
      IllegalArgumentException refused = catchThrowableOfType(builder::build, IllegalArgumentException.class);
      assertThat(refused).as("build() must refuse a table with %s", expectedProblems).isNotNull();
      assertThat(refused.getMessage()).startsWith("Lifecycle 'random' is not valid: ");
      for (String problem : expectedProblems) {
        assertThat(refused.getMessage()).contains(problem);
      }
      assertThat(refused.getMessage().split("; ")).hasSizeGreaterThanOrEqualTo(expectedProblems.size());
    }
  }

  private static Map<String, Set<String>> edges(Lifecycle table) {
    Map<String, Set<String>> edges = new LinkedHashMap<>();
    for (String state : table.states()) {
      edges.put(state, new LinkedHashSet<>(table.allowedTargets(state)));
    }
    return edges;
  }

  /** Breadth-first search, written here so the check does not share code with Lifecycle. */
  private static Set<String> reachable(String start, Map<String, Set<String>> edges) {
    Set<String> seen = new LinkedHashSet<>(List.of(start));
    Deque<String> queue = new ArrayDeque<>(List.of(start));
    while (!queue.isEmpty()) {
      for (String next : edges.getOrDefault(queue.removeFirst(), Set.of())) {
        if (seen.add(next)) {
          queue.addLast(next);
        }
      }
    }
    return seen;
  }

  private static Map<String, Set<String>> table(String... pairs) {
    Map<String, Set<String>> table = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      Set<String> targets = new LinkedHashSet<>();
      for (String target : pairs[i + 1].split(" ")) {
        if (!target.isEmpty()) {
          targets.add(target);
        }
      }
      table.put(pairs[i], targets);
    }
    return table;
  }
}
