package dev.steward.examples.scenario;

import dev.steward.CoreSettings;
import dev.steward.Failures;
import dev.steward.ResourceKey;
import dev.steward.ResourceRecord;
import dev.steward.Settings;
import dev.steward.StateStore;
import dev.steward.StewardException;
import dev.steward.discovery.ExtensionPoint;
import dev.steward.IllegalTransitionException;
import dev.steward.Lifecycle;
import dev.steward.NodeLifecycle;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;

/**
 * {@code lifecycle}: records in a state store move only along the transitions of their lifecycle
 * table. A node walks the standard node lifecycle, two moves the table does not allow are refused,
 * and a pipeline item follows a lifecycle of our own, failing twice before it completes.
 *
 * <p>Every refusal the scenario expects is checked: if the store accepted one, the scenario fails.
 * Stateless and thread-safe.
 */
public final class LifecycleScenario implements Scenario {
  static final ResourceKey WEB_1 = ResourceKey.local("node", "web-1");
  static final ResourceKey WEB_2 = ResourceKey.local("node", "web-2");
  static final ResourceKey ISO = ResourceKey.local("item", "ubuntu-24.04.iso");

  static final String DISCOVERED = ExampleLifecycles.DISCOVERED;
  static final String STAGED = ExampleLifecycles.STAGED;
  static final String METADATA_FETCHED = ExampleLifecycles.METADATA_FETCHED;
  static final String TORRENT_CREATED = ExampleLifecycles.TORRENT_CREATED;
  static final String UPLOADED = ExampleLifecycles.UPLOADED;
  static final String COMPLETE = ExampleLifecycles.COMPLETE;
  static final String FAILED = ExampleLifecycles.FAILED;

  /** A pipeline that publishes a file: any step may fail, and a failed item starts over. */
  static final Lifecycle PIPELINE = ExampleLifecycles.PIPELINE;

  /** Millisecond precision and a fixed width, so the columns line up. */
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  @Override
  public String name() {
    return "lifecycle";
  }

  @Override
  public String description() {
    return "walks records through the node lifecycle and a custom pipeline lifecycle; "
        + "shows refused transitions and failure bookkeeping";
  }

  @Override
  public void run(ScenarioContext context) {
    PrintWriter out = context.out();
    // The store must know our pipeline table as well as the standard ones.
    Settings.Builder builder = context.settings().toBuilder().lifecycles(PIPELINE);
    if (!context.settings().isSet(CoreSettings.STATE_STORE)) {
      // A walk-through leaves nothing behind unless asked to: the embedded default would keep files.
      builder.set(CoreSettings.STATE_STORE, "memory");
    }
    Settings settings = builder.build();
    String storeId = settings.get(CoreSettings.STATE_STORE);
    String storeDescription = context.registry().providers(ExtensionPoint.STATE_STORE).stream()
        .filter(info -> info.id().equals(storeId))
        .map(info -> " (" + info.description() + ")")
        .findFirst()
        .orElse("");

    out.println("Every record in a Steward state store follows a lifecycle: a table of the states it may be in");
    out.println("and the moves allowed between them. The store refuses any other move and says what is allowed.");
    out.println();
    out.println("State store: " + storeId + storeDescription);
    out.println("  made with ProviderRegistry.create(ExtensionPoint.STATE_STORE, settings)");

    try (StateStore store = context.registry().create(ExtensionPoint.STATE_STORE, settings)) {
      walkNodeLifecycle(out, store);
      showRefusals(out, store);
      walkPipeline(out, store);
      summarize(out, store);
    }
  }

  private static void walkNodeLifecycle(PrintWriter out, StateStore store) {
    heading(out, "1. A node walks the standard 'node' lifecycle");
    out.println("   " + WEB_1 + " goes from PLANNED to REMOVED; each move is one new version of its record.");
    out.println();
    Journal journal = new Journal(out);
    journal.created(store.create(WEB_1, NodeLifecycle.LIFECYCLE.name(), Optional.empty(), "a web node was asked for"));
    journal.moved(store, WEB_1, NodeLifecycle.CREATING, "creating its working directory and unit");
    journal.moved(store, WEB_1, NodeLifecycle.STARTING, "starting the process");
    journal.moved(store, WEB_1, NodeLifecycle.RUNNING, "the health check passed");
    journal.moved(store, WEB_1, NodeLifecycle.UPGRADING, "upgrading from 1.4.2 to 1.5.0");
    journal.moved(store, WEB_1, NodeLifecycle.RUNNING, "running 1.5.0");
    journal.moved(store, WEB_1, NodeLifecycle.STOPPING, "scaling in: the selector chose this node");
    journal.moved(store, WEB_1, NodeLifecycle.STOPPED, "the process exited");
    journal.moved(store, WEB_1, NodeLifecycle.REMOVING, "removing its files");
    journal.moved(store, WEB_1, NodeLifecycle.REMOVED, "gone");
  }

  private static void showRefusals(PrintWriter out, StateStore store) {
    heading(out, "2. Moves the lifecycle does not allow are refused");
    out.println("   " + WEB_1 + " is REMOVED, a terminal state. Asking for RUNNING:");
    expectRefusal(out, store, WEB_1, NodeLifecycle.RUNNING);

    out.println();
    out.println("   A second node, " + WEB_2 + ", is stopped:");
    out.println();
    Journal journal = new Journal(out);
    journal.created(store.create(WEB_2, NodeLifecycle.LIFECYCLE.name(), Optional.empty(), "a second web node"));
    journal.moved(store, WEB_2, NodeLifecycle.CREATING, "creating");
    journal.moved(store, WEB_2, NodeLifecycle.STARTING, "starting");
    journal.moved(store, WEB_2, NodeLifecycle.RUNNING, "running 1.4.2");
    journal.moved(store, WEB_2, NodeLifecycle.STOPPING, "maintenance window");
    journal.moved(store, WEB_2, NodeLifecycle.STOPPED, "stopped for maintenance");
    out.println();
    out.println("   A stopped node cannot be upgraded in place. Asking for UPGRADING:");
    expectRefusal(out, store, WEB_2, NodeLifecycle.UPGRADING);
  }

  private static void walkPipeline(PrintWriter out, StateStore store) {
    heading(out, "3. A lifecycle of your own: a publishing pipeline");
    out.println("   Registered with Settings.builder().lifecycles(pipeline); the store now accepts records that follow it:");
    out.println();
    for (String state : PIPELINE.states()) {
      String targets = PIPELINE.isTerminal(state) ? "(terminal: nothing may follow)"
          : "-> " + String.join(", ", PIPELINE.allowedTargets(state));
      String initial = state.equals(PIPELINE.initialState()) ? "  (new records start here)" : "";
      out.printf("     %-17s %s%s%n", state, targets, initial);
    }
    out.println();
    out.println("   " + ISO + " goes through it. Uploads fail twice; each failure is counted on the record.");
    out.println();
    Journal journal = new Journal(out);
    journal.created(store.create(ISO, PIPELINE.name(), Optional.empty(), "found in the incoming folder"));
    for (int attempt = 1; attempt <= 3; attempt++) {
      if (attempt > 1) {
        journal.moved(store, ISO, DISCOVERED, "retry, attempt " + attempt);
      }
      journal.moved(store, ISO, STAGED, "copied to the staging area");
      journal.moved(store, ISO, METADATA_FETCHED, "checksums and release notes fetched");
      journal.moved(store, ISO, TORRENT_CREATED, "torrent file written");
      if (attempt < 3) {
        ResourceRecord failed = store.recordFailure(ISO, "UploadTimeout", "tracker.example.org did not answer within 30s");
        journal.failed(failed);
        journal.moved(store, ISO, FAILED, "upload failed, will retry");
      }
    }
    journal.moved(store, ISO, UPLOADED, "uploaded to the tracker");
    journal.moved(store, ISO, COMPLETE, "published");

    ResourceRecord done = store.get(ISO);
    Failures failures = done.failures();
    out.println();
    out.println("   Failure bookkeeping kept across the retries:");
    out.println("     attempts that failed  " + failures.attempts());
    out.println("     first failure at      " + failures.firstFailureAt().map(TIME::format).orElse("-"));
    out.println("     last failure at       " + failures.lastFailureAt().map(TIME::format).orElse("-"));
    out.println("     last error            " + failures.lastErrorType() + ": " + failures.lastErrorMessage());
    ResourceRecord reset = store.resetFailures(ISO);
    out.println("   Once published, store.resetFailures forgets them: attempts " + reset.failures().attempts()
        + ", version " + reset.version() + ".");

    out.println();
    out.println("   Skipping steps is refused as well. A new item asks to go straight from DISCOVERED to UPLOADED:");
    ResourceKey shortcut = ResourceKey.local("item", "debian-12.iso");
    store.create(shortcut, PIPELINE.name(), Optional.empty(), "found in the incoming folder");
    expectRefusal(out, store, shortcut, UPLOADED);
  }

  private static void summarize(PrintWriter out, StateStore store) {
    heading(out, "What the store holds now");
    List<ResourceRecord> records = store.list();
    int keyWidth = records.stream().mapToInt(r -> r.key().toString().length()).max().orElse(0);
    for (ResourceRecord record : records) {
      out.printf("   %-" + keyWidth + "s  %-9s  %-10s  version %d%n",
          record.key(), record.lifecycle(), record.state(), record.version());
    }
  }

  /** Asks for a move that must be refused; a store that allows it fails the scenario. */
  private static void expectRefusal(PrintWriter out, StateStore store, ResourceKey key, String state) {
    ResourceRecord before = store.get(key);
    try {
      ResourceRecord after = store.transition(key, state, "this move should be refused");
      throw new StewardException("The " + before.lifecycle() + " lifecycle should refuse " + key + " moving from "
          + before.state() + " to " + state + ", but the store allowed it (now version " + after.version() + ")");
    } catch (IllegalTransitionException refused) {
      ResourceRecord after = store.get(key);
      if (!after.equals(before)) {
        throw new StewardException("The store refused to move " + key + " to " + state
            + " but still changed the record: version " + before.version() + " became " + after.version(), refused);
      }
      out.println("     refused: " + refused.getMessage());
      out.println("     allowed from " + refused.from() + ": "
          + (refused.allowedTargets().isEmpty() ? "nothing" : String.join(", ", refused.allowedTargets()))
          + "; the record is unchanged (still " + after.state() + ", version " + after.version() + ")");
    }
  }

  private static void heading(PrintWriter out, String title) {
    out.println();
    out.println(title);
  }

  /** Prints a record's history as it is written, one line per version. */
  private static final class Journal {
    private final PrintWriter out;
    private boolean headerPrinted;

    Journal(PrintWriter out) {
      this.out = out;
    }

    void created(ResourceRecord record) {
      line(record, "created in " + record.state(), record.reason());
    }

    void moved(StateStore store, ResourceKey key, String state, String reason) {
      String from = store.get(key).state();
      ResourceRecord record = store.transition(key, state, reason);
      line(record, from + " -> " + record.state(), record.reason());
    }

    void failed(ResourceRecord record) {
      Failures failures = record.failures();
      line(record, "failure #" + failures.attempts() + " recorded",
          failures.lastErrorType() + ": " + failures.lastErrorMessage());
    }

    private void line(ResourceRecord record, String what, String reason) {
      if (!headerPrinted) {
        out.printf("   %-24s  %-7s  %-35s  %s%n", "UPDATED AT (UTC)", "VERSION", "TRANSITION", "REASON");
        headerPrinted = true;
      }
      out.printf("   %-24s  %-7s  %-35s  %s%n", format(record.updatedAt()), "v" + record.version(), what, reason);
    }
  }

  private static String format(Instant instant) {
    return TIME.format(instant);
  }
}
