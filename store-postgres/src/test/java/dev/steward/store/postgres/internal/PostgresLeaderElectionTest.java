package dev.steward.store.postgres.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.steward.Settings;
import dev.steward.discovery.ExtensionPoint;
import dev.steward.discovery.ProviderRegistry;
import dev.steward.leader.LeaderElectionException;
import dev.steward.leader.LeaderSettings;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The postgres election without a server: registered by id, and silent about its password when the server is away. */
class PostgresLeaderElectionTest {
  private static final String SECRET = "s3cret-Pa55word";

  @Test
  @DisplayName("is found as the 'postgres' leader election")
  void isRegisteredById() {
    assertThat(ProviderRegistry.discover().providers(ExtensionPoint.LEADER_ELECTION))
        .anySatisfy(p -> assertThat(p.id()).isEqualTo("postgres"));
  }

  @Test
  @DisplayName("a campaign that cannot reach the database throws LeaderElectionException, does not lead, and never shows the password")
  void campaignWithoutTheDatabaseFails() throws IOException {
    // A port held bound and not listening refuses every connection at once.
    try (Socket held = new Socket()) {
      held.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      int port = held.getLocalPort();
      Settings settings = Settings.builder()
          .set("steward.postgres.url", "jdbc:postgresql://127.0.0.1:" + port + "/steward")
          .set("steward.postgres.user", "steward")
          .set("steward.postgres.connect-timeout", "1s")
          .set(LeaderSettings.NAME, "fleet")
          .set(LeaderSettings.CANDIDATE, "a")
          .build();
      try (PostgresLeaderElection election = PostgresLeaderElectionProvider.create(settings,
          Map.of("STEWARD_POSTGRES_PASSWORD", SECRET), Optional.empty(), System::nanoTime)) {
        assertThatThrownBy(election::campaign)
            .isInstanceOf(LeaderElectionException.class)
            .hasMessageContaining("Could not campaign for 'fleet' in jdbc:postgresql://127.0.0.1:" + port + "/steward")
            .hasMessageNotContaining(SECRET);
        assertThat(election.fence()).isEmpty();
        assertThat(election.leading()).isFalse();
      }
    }
  }
}
