package dev.steward.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Runs the quick plan benchmark for real and checks what it measured and printed; no timing is asserted. */
class PlanBenchmarkTest {
  @Test
  @DisplayName("the quick plan benchmark plans every size, with actions and held actions, and prints a row per size")
  void quickRunPlansEverySize() {
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    List<PlanBenchmark.Row> rows = new PlanBenchmark(new PlanBenchmark.Options(List.of(1_000, 2_000), 1, 3),
        new PrintStream(printed, true, StandardCharsets.UTF_8)).run();

    assertThat(rows).extracting(PlanBenchmark.Row::nodes).containsExactly(1_000, 2_000);
    assertThat(rows).allSatisfy(r -> {
      assertThat(r.fleets()).isEqualTo(r.nodes() / PlanBenchmark.FLEET_SIZE);
      assertThat(r.actions()).isPositive();
      assertThat(r.held()).isPositive();
      assertThat(r.planMedianMs()).isPositive().isFinite();
      assertThat(r.planCpuMedianMs()).isFinite();
    });
    String table = printed.toString(StandardCharsets.UTF_8);
    assertThat(table).contains("ns/node", "1,000", "2,000", "scaling: 2x the nodes");
  }

  @Test
  void unknownOptionsAreRefusedByName() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status = Main.run(List.of("plan", "--fast"), new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true, StandardCharsets.UTF_8));

    assertThat(status).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("unknown option '--fast'", "plan [--quick]");
  }
}
