package dev.steward.store.postgres.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.steward.leader.Fence;
import dev.steward.leader.LeaderElectionException;
import dev.steward.leader.LeaderSettings;
import dev.steward.store.postgres.CuttingProxy;
import dev.steward.store.postgres.LabPostgres;
import dev.steward.store.postgres.PostgresStoreSettings;
import dev.steward.testsupport.lab.LabService;
import dev.steward.testsupport.lab.RequiresLab;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The candidate's own view of its lease, on a clock the test moves: it lasts from the tick read
 * before the acquire or renewal was sent, for the lease less the margin, and ends at once when a
 * renewal fails, whatever the clock says.
 */
@RequiresLab(LabService.POSTGRES)
class PostgresLeaderElectionClockIT {
  private static final Duration LEASE = Duration.ofSeconds(5);
  /** A fifth of the lease. */
  private static final long BELIEVED = Duration.ofSeconds(4).toNanos();

  @RegisterExtension
  final LabPostgres lab = new LabPostgres();
  private final AtomicLong ticks = new AtomicLong(1_000_000L);
  private CuttingProxy proxy;
  private PostgresLeaderElection election;

  @AfterEach
  void close() throws Exception {
    election.close();
    proxy.close();
  }

  private PostgresLeaderElection candidate() throws Exception {
    proxy = new CuttingProxy(lab.address(), lab.port());
    election = PostgresLeaderElectionProvider.create(lab.settings(lab.prefix())
        .set(PostgresStoreSettings.URL, "jdbc:postgresql://127.0.0.1:" + proxy.port() + "/" + lab.database())
        .set(LeaderSettings.NAME, "fleet").set(LeaderSettings.CANDIDATE, "a").set(LeaderSettings.LEASE, LEASE).build(),
        System.getenv(), Optional.empty(), ticks::get);
    return election;
  }

  @Test
  @DisplayName("believes an acquired or renewed lease until the tick before it was sent plus the lease less the margin, and not a tick longer")
  void believesTheLeaseLessTheMargin() throws Exception {
    PostgresLeaderElection a = candidate();
    long sent = ticks.get();
    assertThat(a.campaign().leading()).isTrue();
    Fence fence = a.fence().orElseThrow();

    ticks.set(sent + BELIEVED - 1);
    assertThat(a.fence()).contains(fence);
    ticks.set(sent + BELIEVED);
    assertThat(a.fence()).isEmpty();

    // Its own view ended, but the server's lease still runs: the renewal keeps the term.
    long renewed = ticks.get();
    assertThat(a.campaign().leading()).isTrue();
    assertThat(a.fence()).as("the same term, renewed").contains(fence);
    ticks.set(renewed + BELIEVED - 1);
    assertThat(a.fence()).contains(fence);
    ticks.set(renewed + BELIEVED);
    assertThat(a.fence()).isEmpty();
  }

  @Test
  @DisplayName("stops believing at once when a renewal fails, though its clock says the lease still runs")
  void failedRenewalEndsTheBeliefAtOnce() throws Exception {
    PostgresLeaderElection a = candidate();
    assertThat(a.campaign().leading()).isTrue();
    assertThat(a.fence()).isPresent();

    proxy.down();

    assertThatThrownBy(a::campaign).isInstanceOf(LeaderElectionException.class);
    assertThat(a.fence()).isEmpty();

    proxy.up();
    assertThat(a.campaign().leading()).as("renewed on a new session: the lease was still its own").isTrue();
    assertThat(a.fence()).map(Fence::term).contains(1L);
  }
}
