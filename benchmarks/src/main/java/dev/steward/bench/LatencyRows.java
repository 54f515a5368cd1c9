package dev.steward.bench;

import java.io.PrintStream;
import java.util.IntSummaryStatistics;
import java.util.Locale;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The table the benchmarks over real hosts print: one row of median, p90 and max a measured
 * thing, the ratio of two medians, and where a pass went by {@link PassTimeline} stage. Not
 * thread-safe.
 */
final class LatencyRows {
  private static final String FORMAT = "%-64s %10s %10s %10s%n";

  private final PrintStream out;

  LatencyRows(PrintStream out) {
    this.out = out;
  }

  void header() {
    out.printf(Locale.ROOT, FORMAT, "", "median", "p90", "max");
  }

  void row(String label, Latencies values) {
    out.printf(Locale.ROOT, FORMAT, label, ms(values.quantileMillis(0.5)), ms(values.quantileMillis(0.9)), ms(values.maxMillis()));
  }

  /** The row of {@code passes / anchor}, medians; returns that ratio. */
  double ratio(String label, Latencies passes, Latencies anchor) {
    double ratio = passes.quantileMillis(0.5) / anchor.quantileMillis(0.5);
    out.printf(Locale.ROOT, "%-64s %9.1fx%n", label, ratio);
    return ratio;
  }

  /** A row per stage of {@code timeline}'s passes. */
  void stages(PassTimeline timeline) {
    for (PassTimeline.Stage stage : PassTimeline.Stage.values()) {
      row("  " + stage.label, timeline.stage(stage));
    }
  }

  /** How many commands each stage of {@code timeline}'s passes ran, in one line. */
  void commandsPerPass(PassTimeline timeline) {
    out.printf(Locale.ROOT, "  commands per pass: %s%n", Stream.of(PassTimeline.Stage.values())
        .filter(s -> timeline.commandCounts(s).getMax() > 0)
        .map(s -> s.name().toLowerCase(Locale.ROOT) + " " + counts(timeline.commandCounts(s)))
        .collect(Collectors.joining(", ")));
  }

  private static String counts(IntSummaryStatistics counts) {
    return counts.getMin() == counts.getMax() ? Integer.toString(counts.getMax()) : counts.getMin() + "-" + counts.getMax();
  }

  static String ms(double millis) {
    return String.format(Locale.ROOT, "%.1f ms", millis);
  }
}
