package dev.steward.bench;

import java.io.PrintStream;
import java.util.Locale;

/** Prints a report as a plain-text table: figure, share of the raw fsync rate, target, outcome. */
final class ReportTable {
  private ReportTable() {}

  static void print(StoreBenchmark.Report report, PrintStream out) {
    double fsync = report.find(StoreBenchmark.DISK, "raw fsync, 4 KiB overwrite (reference)").map(Figure::value).orElse(Double.NaN);
    int width = report.figures().stream().mapToInt(f -> f.name().length()).max().orElse(20) + 2;
    String format = "%-" + width + "s %14s %-4s %10s  %-12s %s%n";
    String section = "";
    out.printf(Locale.ROOT, format, "figure", "value", "", "x fsync", "target", "result");
    out.println("-".repeat(width + 52));
    for (Figure f : report.figures()) {
      if (!f.section().equals(section)) {
        section = f.section();
        out.println("[" + section + "]");
      }
      String ratio = f.fsyncRatio() && !Double.isNaN(fsync) ? String.format(Locale.ROOT, "%.2f", f.value() / fsync) : "";
      String target = f.target().map(Figure.Target::text).orElse("");
      String result = f.target().map(t -> !f.produced() ? "NO FIGURE" : t.met(f.value()) ? "PASS" : "MISS")
          .orElse(f.produced() ? "" : "NO FIGURE");
      out.printf(Locale.ROOT, format, "  " + f.name(), value(f.value()), f.unit(), ratio, target, result);
    }
  }

  private static String value(double v) {
    if (Double.isNaN(v)) {
      return "n/a";
    }
    if (Math.abs(v) >= 100) {
      return String.format(Locale.ROOT, "%,.0f", v);
    }
    return String.format(Locale.ROOT, "%.3f", v);
  }
}
