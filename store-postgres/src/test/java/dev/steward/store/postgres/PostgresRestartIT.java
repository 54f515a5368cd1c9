package dev.steward.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steward.ResourceKey;
import dev.steward.ResourceRecord;
import dev.steward.StateStore;
import dev.steward.testsupport.Poll;
import dev.steward.testsupport.lab.Lab;
import dev.steward.testsupport.lab.LabService;
import dev.steward.testsupport.lab.RequiresLab;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The server restarted under a running writer ({@code lab/postgres.sh restart}): the store reconnects and every write lands once. */
@RequiresLab(LabService.POSTGRES)
class PostgresRestartIT {
  private static final ResourceKey WEB_1 = ResourceKey.local("node", "web-1");
  private static final int WRITES = 1500;

  @RegisterExtension
  final LabPostgres lab = new LabPostgres();
  private final String prefix = lab.prefix();

  @Test
  @DisplayName("a writer counting " + WRITES + " failures while the server restarts counts exactly " + WRITES)
  void everyWriteLandsOnceAcrossARestart() throws Exception {
    try (StateStore store = LabPostgres.open(lab.settings(prefix).set(PostgresStoreSettings.MAX_CONNECTIONS, 2)
        .set(PostgresStoreSettings.RECONNECT_FOR, Duration.ofSeconds(60)))) {
      store.create(WEB_1, "node", Optional.empty(), "");
      CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
        for (int i = 1; i <= WRITES; i++) {
          store.recordFailure(WEB_1, "Counted", "write " + i);
        }
      });
      Poll.until("the writer is under way", () -> store.get(WEB_1).failures().attempts() >= 100);
      assertThat(writer).as("the writer still writes when the server restarts").isNotDone();

      Lab.run(LabService.POSTGRES, "restart");

      writer.get(2, TimeUnit.MINUTES);
      ResourceRecord record = store.get(WEB_1);
      assertThat(record.failures().attempts()).isEqualTo(WRITES);
      assertThat(record.version()).isEqualTo(1 + WRITES);
    }
  }
}
