package dev.steward.examples.cli;

import static dev.steward.examples.cli.Cli.cli;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.steward.Settings;
import dev.steward.examples.forward.StatusTable;
import dev.steward.status.StatusItem;
import dev.steward.status.StatusOptions;
import dev.steward.status.StatusPublisher;
import dev.steward.status.StatusSnapshot;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("steward status, pause, resume, reload")
class StatusCommandTest {
  private static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");

  @TempDir
  Path temp;

  @Test
  @DisplayName("the table reads like the issue's: ID LOCAL REMOTE STATE DURATION REASON, durations like 2m15s")
  void tableShowsHowLongEachItemIsInItsState() {
    StatusSnapshot snapshot = new StatusSnapshot(1, "default", "local", 1, Optional.empty(), T0, T0, T0, false, List.of(
        new StatusItem("abc123def456", "forward", "active", "", Map.of("local", "127.0.0.1:8080", "remote", "8080"),
            T0, T0.minusSeconds(135)),
        new StatusItem("xyz789abc123", "forward", "conflict", "port already in use after 5 retry attempts",
            Map.of("local", "127.0.0.1:5432", "remote", "5432"), T0, T0.minusSeconds(90))));

    assertThat(StatusTable.lines(snapshot, T0)).containsExactly(
        "ID            LOCAL           REMOTE  STATE     DURATION  REASON",
        "abc123def456  127.0.0.1:8080  8080    active    2m15s",
        "xyz789abc123  127.0.0.1:5432  5432    conflict  1m30s     port already in use after 5 retry attempts");
    assertThat(StatusTable.summary(snapshot)).isEqualTo("2 items: 1 active, 1 conflict.");
  }

  @Test
  void statusOfARunningInstanceExits0WithTheTable() throws Exception {
    Path dir = temp.resolve("run");
    try (StatusPublisher publisher = StatusPublisher.start(StatusOptions.builder(dir, "demo").clock(Clock.fixed(T0, ZoneOffset.UTC)).build())) {
      publisher.put(StatusItem.of("web", "forward", "active", "", Map.of("local", "127.0.0.1:8080"), T0.minusSeconds(75)));
      Cli cli = cli().settings(Settings.builder().clock(Clock.fixed(T0, ZoneOffset.UTC)).build());

      Cli.Result text = cli.run("status", "--dir", dir.toString(), "--name", "demo");
      Cli.Result json = cli.run("status", "--dir", dir.toString(), "--name", "demo", "--json");
      Cli.Result watch = cli.run("status", "--dir", dir.toString(), "--name", "demo", "--watch", "--interval", "100ms", "--frames", "2");

      assertThat(text.exitCode()).as(text.toString()).isZero();
      assertThat(text.out()).contains("Instance 'demo' (pid " + ProcessHandle.current().pid() + ", up 0s) answered on "
          + dir.resolve("demo.sock")).contains("web  127.0.0.1:8080  -       active  1m15s").endsWith("1 item: 1 active.\n");
      JsonNode document = new ObjectMapper().readTree(json.out());
      assertThat(document.get("source").asText()).isEqualTo("socket");
      assertThat(document.get("running").asBoolean()).isTrue();
      assertThat(document.at("/status/items/0/id").asText()).isEqualTo("web");
      assertThat(watch.out().split("ID  ", -1)).as("two frames").hasSize(3);

      assertThat(cli.run("pause", "--dir", dir.toString(), "--name", "demo").out()).isEqualTo("Paused instance 'demo'.\n");
      assertThat(cli.run("pause", "--dir", dir.toString(), "--name", "demo").out()).isEqualTo("Instance 'demo' was already paused.\n");
      assertThat(cli.run("status", "--dir", dir.toString(), "--name", "demo").out()).contains(", PAUSED)");
      assertThat(cli.run("resume", "--dir", dir.toString(), "--name", "demo").out()).isEqualTo("Resumed instance 'demo'.\n");
      assertThat(publisher.paused()).isFalse();
    }
  }

  @Test
  void statusWithNothingRunningExits3() {
    Cli.Result result = cli().run("status", "--dir", temp.toString(), "--name", "gone");
    Cli.Result reload = cli().run("reload", "--dir", temp.toString(), "--name", "gone");

    assertThat(result.exitCode()).as(result.toString()).isEqualTo(3);
    assertThat(result.err()).startsWith("steward: warning: No running instance found: nothing answers on " + temp.resolve("gone.sock"));
    assertThat(result.out()).isEmpty();
    assertThat(reload.exitCode()).isEqualTo(3);
    assertThat(reload.err()).contains("No running instance found").doesNotContain("\tat ");
  }

  @Test
  void badOptionsAreUsageErrors() {
    assertThat(cli().run("status", "--dir", temp.toString(), "--interval", "1ms").exitCode()).isEqualTo(2);
    assertThat(cli().run("status", "--dir", temp.toString(), "--name", "../x").err()).contains("'../x' is not valid");
  }
}
