package dev.steward.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the quick benchmark for real and checks that it measured everything; no timing is asserted. */
class StoreBenchmarkTest {
  @TempDir
  Path dir;

  @Test
  @DisplayName("the quick store benchmark produces every figure, each positive, and prints them in its table")
  void quickRunProducesEveryFigure() {
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    StoreBenchmark.Report report = new StoreBenchmark(new StoreBenchmark.Options(dir, true),
        new PrintStream(printed, true, StandardCharsets.UTF_8)).run();

    assertThat(report.figures()).hasSizeGreaterThanOrEqualTo(18);
    assertThat(report.figures()).allSatisfy(f -> assertThat(f.value()).as(f.section() + ": " + f.name()).isPositive().isFinite());
    assertThat(report.allProduced()).isTrue();
    String table = printed.toString(StandardCharsets.UTF_8);
    assertThat(table).contains("raw fsync, 4 KiB overwrite", "SQLite", "8 writers", "median growth", "fresh JVM: heap kept");
    report.figures().stream().filter(f -> f.target().isPresent())
        .forEach(f -> assertThat(table).containsPattern("\\Q" + f.name() + "\\E.*(PASS|MISS)"));
    assertThat(dir.toFile().list()).as("the run cleans up its files").isEmpty();
  }
}
