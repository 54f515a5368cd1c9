package dev.steward.bench;

import dev.steward.Action;
import dev.steward.ActionType;
import dev.steward.drift.DriftClass;
import dev.steward.reconcile.PassReport;
import dev.steward.reconcile.Reconciler;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * What the benchmarks over real hosts time: passes with nothing to do. Such a pass observed every
 * host, planned SURVEY alone, held nothing back, had no failure and saw each of the expected nodes
 * OK; a pass that is not one stops the run, saying what it did instead. {@link #warmUp} runs the
 * passes that start the nodes, until one is quiet. Not thread-safe.
 */
final class QuietPasses {
  private static final int WARM_UP_LIMIT = 10;

  private final int expectedNodes;
  private final String unreachableHint;
  private final PrintStream out;

  /**
   * @param expectedNodes how many nodes every quiet pass sees, all OK
   * @param unreachableHint what may have made a host unreachable, for the message of a pass that could not observe one
   * @param out where the warm-up passes are described
   */
  QuietPasses(int expectedNodes, String unreachableHint, PrintStream out) {
    this.expectedNodes = expectedNodes;
    this.unreachableHint = unreachableHint;
    this.out = out;
  }

  /** Passes until one has nothing to do: the first ADDs every node, the next finds them running. */
  void warmUp(Reconciler reconciler) {
    for (int pass = 1; ; pass++) {
      PassReport report = reconciler.reconcileOnce();
      Optional<String> problem = problem(report);
      Map<ActionType, Long> types = report.plan().actions().stream()
          .collect(Collectors.groupingBy(Action::type, TreeMap::new, Collectors.counting()));
      out.printf(Locale.ROOT, "warm-up pass %d: %s%s%s, %.2f s%n", pass, types.isEmpty() ? "no actions" : types,
          report.plan().held().isEmpty() ? "" : ", " + report.plan().held().size() + " held",
          report.failures().isEmpty() ? "" : ", " + report.failures().size() + " failed (" + report.failures().get(0).detail() + ")",
          report.took().toNanos() / 1e9);
      if (problem.isEmpty()) {
        return;
      }
      if (pass == WARM_UP_LIMIT) {
        throw new IllegalStateException("after " + pass + " passes the loop still has work to do: " + problem.get());
      }
    }
  }

  /** Stops the run when {@code report}, the pass {@code what} names, had something to do. */
  void require(PassReport report, String what) {
    problem(report).ifPresent(p -> {
      throw new IllegalStateException(what + " was not a pass with nothing to do: " + p);
    });
  }

  /** Why {@code report} is not a pass with nothing to do over every node, if it is not. */
  Optional<String> problem(PassReport report) {
    List<String> unreachable = report.observations().stream().filter(o -> !o.isReachable())
        .map(o -> o.host() + ": " + o.unreachableReason().orElse("")).toList();
    if (!unreachable.isEmpty()) {
      return Optional.of("hosts could not be observed (" + unreachableHint + "): " + unreachable);
    }
    List<Action> work = report.plan().actions().stream().filter(a -> a.type() != ActionType.SURVEY).toList();
    if (!work.isEmpty()) {
      return Optional.of("it planned " + work.size() + " actions, e.g. " + work.get(0).type() + " " + work.get(0).target()
          + " (" + work.get(0).reason() + ")");
    }
    if (!report.plan().held().isEmpty()) {
      return Optional.of("it held back " + report.plan().held().get(0).action().type() + " "
          + report.plan().held().get(0).action().target() + ": " + report.plan().held().get(0).heldBecause());
    }
    if (!report.failures().isEmpty()) {
      return Optional.of("an action failed: " + report.failures().get(0).detail());
    }
    Map<DriftClass, Integer> counts = report.drift().counts();
    int seen = counts.values().stream().mapToInt(Integer::intValue).sum();
    if (counts.get(DriftClass.OK) != expectedNodes || seen != expectedNodes) {
      counts.values().removeIf(n -> n == 0);
      return Optional.of("it saw " + counts + " where " + expectedNodes + " nodes should be OK");
    }
    return Optional.empty();
  }
}
