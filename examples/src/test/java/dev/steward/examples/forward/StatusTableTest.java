package dev.steward.examples.forward;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steward.status.StatusItem;
import dev.steward.status.StatusSnapshot;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class StatusTableTest {
  private static final Instant NOW = Instant.parse("2026-12-03T12:00:00Z");

  @Test
  void durationIsInTheStateOrSinceCreation() {
    StatusItem web = new StatusItem("web", "forward", "active", "", Map.of("local", "127.0.0.1:8080"),
        NOW.minusSeconds(3 * 3600), NOW.minusSeconds(90));
    StatusSnapshot snapshot = new StatusSnapshot(StatusSnapshot.FORMAT_VERSION, "fwd", "local", 42, Optional.empty(),
        NOW.minusSeconds(4 * 3600), NOW, NOW, false, List.of(web));

    assertThat(StatusTable.lines(snapshot, NOW).get(1)).matches("web +127\\.0\\.0\\.1:8080 +- +active +1m30s");
    assertThat(StatusTable.lines(snapshot, NOW, true).get(1)).matches("web +127\\.0\\.0\\.1:8080 +- +active +3h");
  }
}
