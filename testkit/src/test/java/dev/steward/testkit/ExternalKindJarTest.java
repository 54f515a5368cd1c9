package dev.steward.testkit;

import dev.steward.testsupport.MutableClock;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.steward.Action;
import dev.steward.ActionType;
import dev.steward.CoreSettings;
import dev.steward.HostMetrics;
import dev.steward.NodeSelector;
import dev.steward.Observation;
import dev.steward.ObservedResource;
import dev.steward.ProcessManager;
import dev.steward.ProcessSpec;
import dev.steward.ProcessState;
import dev.steward.ResourceKey;
import dev.steward.ResourceRecord;
import dev.steward.Settings;
import dev.steward.StateStore;
import dev.steward.StewardException;
import dev.steward.discovery.ExtensionPoint;
import dev.steward.discovery.ProviderInfo;
import dev.steward.discovery.ProviderRegistry;
import dev.steward.drift.DriftClass;
import dev.steward.NodeLifecycle;
import dev.steward.node.DesiredFleet;
import dev.steward.node.Fleets;
import dev.steward.plan.Budgets;
import dev.steward.plan.HeldAction;
import dev.steward.reconcile.ActionOutcome;
import dev.steward.reconcile.Kind;
import dev.steward.reconcile.PassReport;
import dev.steward.reconcile.Reconciler;
import dev.steward.reconcile.StatusListener;
import dev.steward.spi.ProviderContext;
import dev.steward.status.StatusItem;
import dev.steward.status.StatusOptions;
import dev.steward.status.StatusPublisher;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A kind built at test time by a third party ({@link TicketKindJar}), found on a plugin class
 * loader and kept by the same loop as the built-in {@code node} kind: it plans, acts and holds to
 * the loop's budgets like any kind of Steward's own.
 */
@DisplayName("a kind in a jar built outside this repository")
class ExternalKindJarTest {
  private static final HostMetrics CALM = new HostMetrics(10, 20, 80, 0.2, 4);
  private static final String WANTED = "wanted by acme.ticket.names, not recorded";

  @TempDir
  static Path plugins;
  private static Path jar;

  @TempDir
  Path tickets;
  @TempDir
  Path statusDirectory;

  private final MutableClock clock = MutableClock.startingAtEpochOf2026();
  private final InMemoryProcessManager processes = new InMemoryProcessManager();
  private final List<AutoCloseable> closing = new ArrayList<>();
  private ProviderRegistry registry;
  private StateStore store;

  /** Compiled once: javac is the slow part. */
  @BeforeAll
  static void buildThePlugin() {
    jar = TicketKindJar.build(plugins, "acme-ticket.jar");
  }

  @BeforeEach
  void discoverThePlugin() throws IOException {
    URLClassLoader loader = new URLClassLoader("plugins", new URL[] {jar.toUri().toURL()}, ExternalKindJarTest.class.getClassLoader());
    closing.add(loader);
    registry = ProviderRegistry.discover(loader);
  }

  @AfterEach
  void close() throws Exception {
    for (AutoCloseable closeable : closing) {
      closeable.close();
    }
  }

  /** The kind {@code id}, made by its provider from settings and the node kind's parts. */
  private Kind kind(String id, String ticketNames, int nodes) {
    Settings settings = Settings.builder()
        .set(CoreSettings.KIND, id)
        .set(TicketKindJar.NAMES, ticketNames)
        .set(TicketKindJar.DIRECTORY, tickets.toString())
        .clock(clock)
        .build();
    NodeSelector youngest = registry.create(ExtensionPoint.NODE_SELECTOR,
        Settings.builder().set(CoreSettings.NODE_SELECTOR, "youngest").build());
    DesiredFleet web = new DesiredFleet("web", ResourceKey.LOCAL, nodes, "1.0", Map.of(ProcessSpec.COMMAND, "serve {name}"),
        OptionalInt.empty());
    ProviderContext context = ProviderContext.of(settings, () -> {
      throw new StewardException("no transport in this test");
    }).with(Fleets.class, () -> List.of(web)).with(ProcessManager.class, processes).with(NodeSelector.class, youngest);
    return registry.create(ExtensionPoint.KIND, context);
  }

  /** A loop over the node kind and then the ticket kind, on a memory store that knows the ticket lifecycle. */
  private Reconciler reconciler(String ticketNames, int nodes, Budgets budgets) {
    Kind node = kind("node", ticketNames, nodes);
    Kind ticket = kind("ticket", ticketNames, nodes);
    Reconciler reconciler = Reconciler.builder().store(memoryStore(ticket)).probe(this::observe).kind(node).kind(ticket)
        .budgets(budgets).clock(clock).build();
    closing.add(reconciler);
    return reconciler;
  }

  /** A memory store that also knows {@code ticket}'s lifecycle: a store learns lifecycles from its settings. */
  private StateStore memoryStore(Kind ticket) {
    store = registry.create(ExtensionPoint.STATE_STORE, Settings.builder()
        .set(CoreSettings.STATE_STORE, "memory").clock(clock).lifecycles(ticket.lifecycle()).build());
    closing.add(store::close);
    return store;
  }

  /** This machine as a probe sees it: the in-memory processes and the ticket markers. */
  private Observation observe(String host) {
    List<ObservedResource> seen = new ArrayList<>();
    processes.list().stream().filter(p -> p.state() == ProcessState.RUNNING).forEach(p -> seen.add(ObservedResource.of(p.key())));
    markers().forEach(name -> seen.add(ObservedResource.of(ResourceKey.local("ticket", name))));
    return Observation.reached(host, clock.instant(), seen, CALM);
  }

  private List<String> markers() {
    try (Stream<Path> files = Files.list(tickets)) {
      return files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".ticket"))
          .map(n -> n.substring(0, n.length() - ".ticket".length())).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<String> adds(PassReport report) {
    return report.plan().actions().stream().filter(a -> a.type() == ActionType.ADD).map(a -> a.target().toString()).toList();
  }

  @Test
  void isDiscoveredAsAKindWithItsJarAsSource() {
    assertThat(registry.failures()).isEmpty();
    assertThat(registry.providers(ExtensionPoint.KIND)).contains(new ProviderInfo("kind", "ticket", TicketKindJar.DESCRIPTION,
        TicketKindJar.PROVIDER, "acme-ticket.jar"));
    assertThat(registry.providers(ExtensionPoint.KIND)).extracting(ProviderInfo::id).containsExactly("node", "ticket");
    assertThat(kind("ticket", "a", 0).getClass().getClassLoader()).isNotSameAs(ExternalKindJarTest.class.getClassLoader());
  }

  @Test
  @DisplayName("a dry run plans its additions with their reasons beside the node kind's, and changes nothing")
  void dryRunPlansItsAdditionsAndChangesNothing() {
    Reconciler reconciler = reconciler("a,b", 1, Budgets.unlimited());

    PassReport report = reconciler.planOnce();

    assertThat(report.dryRun()).isTrue();
    assertThat(report.plan().actions()).filteredOn(a -> a.target().kind().equals("ticket"))
        .extracting(Action::type, a -> a.target().name(), Action::reason)
        .containsExactly(tuple(ActionType.ADD, "a", WANTED),
            tuple(ActionType.ADD, "b", WANTED));
    assertThat(adds(report)).contains("node/web-1@local");
    assertThat(report.outcomes()).isEmpty();
    assertThat(store.list()).isEmpty();
    assertThat(markers()).isEmpty();
    assertThat(processes.list()).isEmpty();
  }

  @Test
  @DisplayName("a pass makes its records in its own lifecycle and its marker files; the next pass is quiet")
  void aPassActsAndTheNextIsQuiet() {
    Reconciler reconciler = reconciler("a,b", 1, Budgets.unlimited());

    PassReport first = reconciler.reconcileOnce();
    PassReport second = reconciler.reconcileOnce();

    assertThat(first.outcomes()).hasSize(3).allSatisfy(o -> assertThat(o.result()).as(o.detail()).isEqualTo(ActionOutcome.Result.DONE));
    assertThat(first.outcomes()).filteredOn(o -> o.action().target().kind().equals("ticket"))
        .extracting(ActionOutcome::detail).containsExactly("wrote a.ticket", "wrote b.ticket");
    assertThat(markers()).containsExactly("a", "b");
    assertThat(store.list()).extracting(r -> r.key().toString(), ResourceRecord::lifecycle, ResourceRecord::state)
        .containsExactlyInAnyOrder(
            tuple("ticket/a@local", "ticket", "OPEN"),
            tuple("ticket/b@local", "ticket", "OPEN"),
            tuple("node/web-1@local", "node", NodeLifecycle.RUNNING));
    assertThat(second.plan().isQuiet()).as("second plan: %s", second.plan()).isTrue();
    assertThat(second.plan().held()).isEmpty();
    assertThat(second.drift().entries()).allSatisfy(e -> assertThat(e.drift()).isEqualTo(DriftClass.OK));
  }

  @Test
  @DisplayName("a budget on the loop holds across the kinds: one ADD a pass in all, the rest held for the budget")
  void aBudgetHoldsAcrossTheKinds() {
    Reconciler reconciler = reconciler("a,b", 1, Budgets.unlimited().with(ActionType.ADD, 1));
    String budget = "budget: at most 1 ADD in flight, 1 under way";

    PassReport first = reconciler.reconcileOnce();
    PassReport second = reconciler.reconcileOnce();
    PassReport third = reconciler.reconcileOnce();
    PassReport fourth = reconciler.reconcileOnce();

    assertThat(adds(first)).containsExactly("node/web-1@local");
    assertThat(first.plan().held()).extracting(h -> h.action().target().toString(), HeldAction::heldBecause)
        .containsExactly(tuple("ticket/a@local", budget),
            tuple("ticket/b@local", budget));
    assertThat(adds(second)).containsExactly("ticket/a@local");
    assertThat(second.plan().held()).extracting(h -> h.action().target().toString(), HeldAction::heldBecause)
        .containsExactly(tuple("ticket/b@local", budget));
    assertThat(adds(third)).containsExactly("ticket/b@local");
    assertThat(third.plan().held()).isEmpty();
    assertThat(fourth.plan().isQuiet()).isTrue();
    assertThat(markers()).containsExactly("a", "b");
  }

  /*
   * Names are unique only within a kind and a host: a node and a ticket both named web-1 once gave
   * two status items with the id web-1, the second overwrote the first, and the pass's replaceAll was
   * refused. The live status now qualifies every kind but the first.
   */
  @Test
  @DisplayName("a node and a ticket of one name both show in the live status, the ticket under its kind")
  void aNodeAndATicketOfOneNameBothShowInTheLiveStatus() {
    Kind node = kind("node", "web-1", 1);
    Kind ticket = kind("ticket", "web-1", 1);
    StateStore store = memoryStore(ticket);
    try (StatusPublisher status = StatusPublisher.start(StatusOptions.builder(statusDirectory, "kinds").socket(false).build());
        Reconciler reconciler = Reconciler.builder().store(store).probe(this::observe).kind(node).kind(ticket).clock(clock)
            .listener(new StatusListener(status, store, List.of(node, ticket))).build()) {

      PassReport pass = reconciler.reconcileOnce();

      assertThat(pass.outcomes()).extracting(o -> o.action().target().toString(), ActionOutcome::result)
          .containsExactlyInAnyOrder(tuple("node/web-1@local", ActionOutcome.Result.DONE),
              tuple("ticket/web-1@local", ActionOutcome.Result.DONE));
      assertThat(status.snapshot().items()).extracting(StatusItem::id, StatusItem::kind, StatusItem::state)
          .containsExactlyInAnyOrder(tuple("web-1", "node", NodeLifecycle.RUNNING), tuple("ticket/web-1", "ticket", "OPEN"));
    }
  }
}
