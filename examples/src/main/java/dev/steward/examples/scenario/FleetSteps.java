package dev.steward.examples.scenario;

import dev.steward.ActionType;
import dev.steward.NodeLifecycle;
import dev.steward.ResourceKey;
import dev.steward.ResourceRecord;
import dev.steward.StewardException;
import dev.steward.drift.DriftEntry;
import dev.steward.examples.fleet.FleetConfig;
import dev.steward.examples.fleet.FleetParts;
import dev.steward.examples.fleet.FleetReport;
import dev.steward.node.DesiredFleet;
import dev.steward.reconcile.PassReport;
import dev.steward.reconcile.Reconciler;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

/**
 * What the fleet scenarios share: a pass printed with its plan, its failures and the nodes after
 * it; passes until the fleets settle; waiting for something outside; and checks that end the
 * scenario with what was promised. Not thread-safe: one scenario's story at a time.
 */
final class FleetSteps {
  private final String scenario;
  private final PrintWriter out;
  private final FleetParts parts;
  private final Reconciler reconciler;
  private final AtomicReference<FleetConfig> config;

  FleetSteps(String scenario, PrintWriter out, FleetParts parts, Reconciler reconciler, AtomicReference<FleetConfig> config) {
    this.scenario = scenario;
    this.out = out;
    this.parts = parts;
    this.reconciler = reconciler;
    this.config = config;
  }

  /** One pass, printed. */
  PassReport pass() {
    PassReport report = reconciler.reconcileOnce();
    out.println("   Plan:");
    FleetReport.printPlan(out, report.plan());
    for (var failure : report.failures()) {
      out.println("   failed: " + failure.action().target() + ": " + failure.detail());
    }
    out.println("   Nodes after the pass (" + report.took().toMillis() + " ms):");
    StringWriter table = new StringWriter();
    FleetReport.printNodes(new PrintWriter(table), parts.store().list(), config.get().fleets(), Instant.now());
    table.toString().lines().forEach(line -> out.println("     " + line));
    return report;
  }

  /** Whether {@code report}'s plan did nothing but look. */
  static boolean quiet(PassReport report) {
    return report.plan().actions().stream().allMatch(a -> a.type() == ActionType.SURVEY) && report.plan().held().isEmpty();
  }

  /** Passes until one plans nothing but surveys and nothing failed. */
  void converge(int maxPasses) {
    for (int i = 0; i < maxPasses; i++) {
      PassReport report = pass();
      if (quiet(report) && report.failures().isEmpty()) {
        return;
      }
    }
    throw new StewardException("The " + scenario + " scenario expected the fleets to settle within " + maxPasses + " passes");
  }

  /** The node records that are not REMOVED. */
  List<ResourceRecord> live() {
    return parts.store().list().stream()
        .filter(r -> r.key().kind().equals(DesiredFleet.NODE_KIND) && !r.state().equals(NodeLifecycle.REMOVED))
        .toList();
  }

  /** The records figure each node's page gave in {@code report}'s pass. */
  static Map<ResourceKey, Long> recordsScraped(PassReport report) {
    Map<ResourceKey, Long> figures = new TreeMap<>(Comparator.comparing(ResourceKey::toString));
    for (DriftEntry entry : report.drift().entries()) {
      entry.observed().flatMap(o -> Optional.ofNullable(o.attributes().get("records")))
          .ifPresent(records -> figures.put(entry.key(), Long.parseLong(records)));
    }
    return figures;
  }

  /**
   * Checks a scale-down's victims in {@code report} against the figures scraped in the same pass:
   * {@code least-records} removes the node with the fewest records of its fleet on its host first,
   * and a node whose page could not be read ranks last. Prints each victim.
   */
  void expectFewestRecordsWent(PassReport report, String fleet) {
    Map<ResourceKey, Long> figures = recordsScraped(report);
    for (var remove : report.plan().actions()) {
      if (remove.type() != ActionType.REMOVE || !remove.target().name().startsWith(fleet + "-")) {
        continue;
      }
      long victim = figures.getOrDefault(remove.target(), Long.MAX_VALUE);
      for (Map.Entry<ResourceKey, Long> other : figures.entrySet()) {
        if (other.getKey().host().equals(remove.target().host()) && other.getKey().name().startsWith(fleet + "-")) {
          expect(victim <= other.getValue(), remove.target() + " (" + victim + " records scraped) went before "
              + other.getKey() + " (" + other.getValue() + ")");
        }
      }
      out.println("   " + remove.target() + " went: " + (victim == Long.MAX_VALUE ? "its page could not be read" : victim
          + " records") + ", the fewest scraped on " + remove.target().host() + " in that pass");
    }
  }

  /** The version {@code record}'s spec names; empty when it names none. */
  static String version(ResourceRecord record) {
    return record.spec().flatMap(spec -> spec.property("version")).orElse("");
  }

  /** The lines of a file the scenario wrote. */
  static List<String> readLines(Path file) {
    try {
      return Files.readAllLines(file);
    } catch (IOException e) {
      throw new StewardException("Could not read " + file + ": " + e.getMessage(), e);
    }
  }

  void heading(String title) {
    out.println();
    out.println(title);
  }

  /** Ends the scenario unless {@code condition} holds. */
  void expect(boolean condition, String promise) {
    if (!condition) {
      throw new StewardException("The " + scenario + " scenario expected that " + promise + ", and it did not hold.");
    }
  }

  /** Waits up to 60 s for {@code done}. */
  void poll(String what, BooleanSupplier done) {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (!done.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new StewardException("The " + scenario + " scenario waited 60 s for " + what);
      }
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new StewardException("Interrupted while waiting for " + what, e);
      }
    }
  }
}
