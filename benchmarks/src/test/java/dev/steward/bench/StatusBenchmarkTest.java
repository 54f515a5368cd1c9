package dev.steward.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Runs the quick status benchmark for real and checks that it measured everything; no timing is asserted. */
class StatusBenchmarkTest {
  @Test
  @DisplayName("the quick status benchmark produces every figure, each positive, and prints them")
  void quickRunProducesEveryFigure() {
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    Map<String, Double> figures = new StatusBenchmark(StatusBenchmark.Options.parse(List.of("--quick", "--items", "100")),
        new PrintStream(printed, true, StandardCharsets.UTF_8)).run();

    assertThat(figures).containsOnlyKeys("status median ms", "status p99 ms", "status requests/s", "health requests/s");
    assertThat(figures.values()).allSatisfy(v -> assertThat(v).isPositive().isFinite());
    assertThat(printed.toString(StandardCharsets.UTF_8)).contains("100 items", "status latency, 1 client", "requests/s", "targets:");
  }
}
