package dev.steward.examples.fleet;

import dev.steward.Action;
import dev.steward.ProcessSpec;
import dev.steward.ResourceRecord;
import dev.steward.examples.cli.TextTable;
import dev.steward.NodeLifecycle;
import dev.steward.node.DesiredFleet;
import dev.steward.node.NodeAttributes;
import dev.steward.plan.HeldAction;
import dev.steward.plan.Plan;
import dev.steward.reconcile.ActionOutcome;
import dev.steward.reconcile.PassReport;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/** Prints plans, outcomes and node tables for people. Stateless and thread-safe. */
public final class FleetReport {
  private FleetReport() {}

  /** Every planned action with its reason, then what was held back and why. */
  public static void printPlan(PrintWriter out, Plan plan) {
    if (plan.actions().isEmpty()) {
      out.println("  nothing to do");
    }
    for (Action action : plan.actions()) {
      out.printf("  %-8s %-22s %s%n", action.type(), where(action.target()), action.reason());
    }
    for (HeldAction held : plan.held()) {
      out.printf("  held     %-8s %-13s %s (held: %s)%n", held.action().type(), where(held.action().target()),
          held.action().reason(), held.heldBecause());
    }
  }

  /** How each action of a pass ended. */
  public static void printOutcomes(PrintWriter out, PassReport report) {
    for (ActionOutcome outcome : report.outcomes()) {
      if (outcome.action().type() == dev.steward.ActionType.SURVEY) {
        continue;
      }
      out.printf("  %-8s %-22s %-6s %s%n", outcome.action().type(), where(outcome.action().target()),
          outcome.result().name().toLowerCase(Locale.ROOT), outcome.detail());
    }
  }

  /** A resource's name, with {@code @HOST} when it is not on this machine. */
  static String where(dev.steward.ResourceKey key) {
    return key.isLocal() ? key.name() : key.name() + "@" + key.host();
  }

  /**
   * The nodes of {@code fleets}: state, pid, port, version, age and reason, and their host when
   * some run elsewhere than on this machine. Removed nodes are left out.
   */
  public static void printNodes(PrintWriter out, List<ResourceRecord> records, List<DesiredFleet> fleets, Instant now) {
    boolean hosts = fleets.stream().anyMatch(f -> !f.host().equals(dev.steward.ResourceKey.LOCAL));
    TextTable table = hosts ? new TextTable("NODE", "HOST", "STATE", "PID", "PORT", "VERSION", "AGE", "REASON")
        : new TextTable("NODE", "STATE", "PID", "PORT", "VERSION", "AGE", "REASON");
    List<ResourceRecord> sorted = new java.util.ArrayList<>(records);
    sorted.sort(java.util.Comparator.comparing((ResourceRecord r) -> r.key().host()).thenComparing(r -> r.key().name()));
    for (ResourceRecord record : sorted) {
      boolean inFleet = fleets.stream().anyMatch(f -> f.indexOf(record.key()).isPresent());
      if (!inFleet || record.state().equals(NodeLifecycle.REMOVED)) {
        continue;
      }
      String age = record.attribute(NodeAttributes.STARTED_AT).filter(s -> !s.isEmpty())
          .map(s -> duration(Duration.between(Instant.parse(s), now))).orElse("-");
      java.util.List<String> cells = new java.util.ArrayList<>(List.of(record.key().name()));
      if (hosts) {
        cells.add(record.key().host());
      }
      cells.addAll(List.of(record.state(),
          record.attribute(NodeAttributes.PID).filter(s -> !s.isEmpty()).orElse("-"),
          record.attribute(NodeAttributes.PORT).filter(s -> !s.isEmpty()).orElse("-"),
          record.spec().flatMap(s -> s.property(ProcessSpec.VERSION)).orElse("-"),
          age,
          record.reason()));
      table.row(cells.toArray(String[]::new));
    }
    table.print(out);
  }

  /** {@code 2m15s}, {@code 3h4m}, {@code 45s}. */
  public static String duration(Duration duration) {
    long seconds = Math.max(0, duration.getSeconds());
    if (seconds < 60) {
      return seconds + "s";
    }
    if (seconds < 3600) {
      return seconds / 60 + "m" + (seconds % 60 == 0 ? "" : seconds % 60 + "s");
    }
    if (seconds < 86_400) {
      return seconds / 3600 + "h" + (seconds % 3600 / 60 == 0 ? "" : seconds % 3600 / 60 + "m");
    }
    return seconds / 86_400 + "d" + (seconds % 86_400 / 3600 == 0 ? "" : seconds % 86_400 / 3600 + "h");
  }
}
