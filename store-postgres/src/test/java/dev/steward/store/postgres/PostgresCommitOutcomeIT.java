package dev.steward.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steward.ResourceKey;
import dev.steward.ResourceRecord;
import dev.steward.StateStore;
import dev.steward.testsupport.lab.LabService;
import dev.steward.testsupport.lab.RequiresLab;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A session that dies while its COMMIT is in flight: the store re-reads the record on a new
 * session and neither loses the change nor applies it twice.
 */
@RequiresLab(LabService.POSTGRES)
class PostgresCommitOutcomeIT {
  private static final ResourceKey WEB_1 = ResourceKey.local("node", "web-1");

  @RegisterExtension
  final LabPostgres lab = new LabPostgres();
  private final String prefix = lab.prefix();
  private CuttingProxy proxy;
  private StateStore store;

  @BeforeEach
  void openThroughTheProxy() throws Exception {
    proxy = new CuttingProxy(lab.address(), lab.port());
    store = LabPostgres.open(lab.settings(prefix)
        .set(PostgresStoreSettings.URL, "jdbc:postgresql://127.0.0.1:" + proxy.port() + "/" + lab.database()
            // Every statement sent with its text, so the proxy can see the COMMIT.
            + "?prepareThreshold=0")
        .set(PostgresStoreSettings.MAX_CONNECTIONS, 1));
    store.create(WEB_1, "node", Optional.empty(), "");
  }

  @AfterEach
  void close() throws Exception {
    store.close();
    proxy.close();
  }

  @Test
  @DisplayName("a COMMIT that landed but whose answer was lost counts once: the store finds its write id and does not retry")
  void commitThatLandedCountsOnce() {
    proxy.cutAtNextCommit(CuttingProxy.Cut.AFTER_COMMIT);

    ResourceRecord failed = store.recordFailure(WEB_1, "Boom", "once");

    assertThat(proxy.cuts()).isEqualTo(1);
    assertThat(failed.failures().attempts()).isEqualTo(1);
    assertThat(store.get(WEB_1)).isEqualTo(failed);
    assertThat(store.get(WEB_1).version()).isEqualTo(2);
  }

  @Test
  @DisplayName("a COMMIT that never reached the server is done again, once")
  void commitThatWasLostIsDoneOnce() {
    proxy.cutAtNextCommit(CuttingProxy.Cut.BEFORE_COMMIT);

    ResourceRecord failed = store.recordFailure(WEB_1, "Boom", "once");

    assertThat(proxy.cuts()).isEqualTo(1);
    assertThat(failed.failures().attempts()).isEqualTo(1);
    assertThat(store.get(WEB_1).failures().attempts()).isEqualTo(1);
    assertThat(store.get(WEB_1).version()).isEqualTo(2);
  }

  @Test
  @DisplayName("a delete whose COMMIT landed unanswered reports the record deleted")
  void deleteThatLandedIsReported() {
    proxy.cutAtNextCommit(CuttingProxy.Cut.AFTER_COMMIT);

    assertThat(store.delete(WEB_1)).isTrue();

    assertThat(proxy.cuts()).isEqualTo(1);
    assertThat(store.find(WEB_1)).isEmpty();
  }
}
