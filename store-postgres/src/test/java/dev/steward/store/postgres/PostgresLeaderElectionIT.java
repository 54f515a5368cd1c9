package dev.steward.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.steward.Settings;
import dev.steward.leader.Fence;
import dev.steward.leader.LeaderElection;
import dev.steward.leader.LeaderElectionException;
import dev.steward.leader.LeaderKeeper;
import dev.steward.leader.LeaderView;
import dev.steward.leader.Lease;
import dev.steward.testsupport.Poll;
import dev.steward.testsupport.lab.Lab;
import dev.steward.testsupport.lab.LabService;
import dev.steward.testsupport.lab.RequiresLab;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The {@code postgres} election against the lab's server: one leader at a time, terms that only
 * grow, a resignation that hands over at once, a takeover once a silent leader's lease ran out,
 * and a leader that loses the server stepping down before anyone can take over.
 */
@RequiresLab(LabService.POSTGRES)
class PostgresLeaderElectionIT {
  /** The lease of a candidate whose lease is to run out ("a"). */
  private static final Duration SHORT = Duration.ofSeconds(1);
  /** The lease of the others, which must not run out while a test looks, however busy the machine. */
  private static final Duration LONG = Duration.ofSeconds(10);
  /** How long a takeover may take at most: the short lease, and slack for a busy machine. */
  private static final Poll TAKEOVER = Poll.within(SHORT.plusSeconds(10)).every(Duration.ofMillis(50));

  @RegisterExtension
  final LabPostgres lab = new LabPostgres();
  private final String prefix = lab.prefix();
  private final List<LeaderElection> elections = new ArrayList<>();
  private CuttingProxy proxy;

  @AfterEach
  void closeAll() throws Exception {
    elections.forEach(LeaderElection::close);
    if (proxy != null) {
      proxy.close();
    }
  }

  /** Candidate {@code name}: "a" with the short lease, the others with the long one. */
  private LeaderElection candidate(String name) {
    return candidate(lab.settings(prefix), name);
  }

  private LeaderElection candidate(Settings.Builder settings, String name) {
    LeaderElection election = LabPostgres.elect(settings, "fleet", name, name.equals("a") ? SHORT : LONG);
    elections.add(election);
    return election;
  }

  private LeaderElection throughProxy(String name) throws Exception {
    proxy = new CuttingProxy(lab.address(), lab.port());
    return candidate(lab.settings(prefix)
        .set(PostgresStoreSettings.URL, "jdbc:postgresql://127.0.0.1:" + proxy.port() + "/" + lab.database())
        .set(PostgresStoreSettings.CONNECT_TIMEOUT, Duration.ofSeconds(2)), name);
  }

  @Test
  @DisplayName("of three candidates campaigning round after round, exactly one leads, always with the same term")
  void exactlyOneLeads() {
    List<LeaderElection> three = List.of(candidate("b"), candidate("c"), candidate("d"));
    long term = -1;
    for (int round = 0; round < 5; round++) {
      List<LeaderElection> leading = new ArrayList<>();
      for (LeaderElection e : three) {
        if (e.campaign().leading()) {
          leading.add(e);
        }
      }
      assertThat(leading).as("leaders in round %d", round).hasSize(1);
      long now = leading.get(0).fence().orElseThrow().term();
      if (term != -1) {
        assertThat(now).as("term in round %d", round).isEqualTo(term);
      }
      term = now;
    }
    assertThat(term).isEqualTo(1);
    for (LeaderElection e : three) {
      assertThat(e.lastSeen()).map(Lease::term).contains(term);
    }
  }

  @Test
  @DisplayName("a resignation hands over at once, and each new leader's term is higher than the last, also for a new election object")
  void resignationHandsOverWithAHigherTerm() {
    LeaderElection c = candidate("c");
    LeaderElection b = candidate("b");
    assertThat(c.campaign().leading()).isTrue();
    assertThat(b.campaign().leading()).isFalse();
    long first = c.fence().orElseThrow().term();

    c.resign();
    assertThat(c.fence()).isEmpty();
    LeaderView taken = b.campaign();

    assertThat(taken.leading()).isTrue();
    assertThat(taken.lease().orElseThrow().term()).isEqualTo(first + 1);
    assertThat(taken.lease().orElseThrow().holder()).isEqualTo("b");
    assertThat(c.campaign().leading()).as("c, after b took over").isFalse();

    b.close();
    LeaderElection again = candidate("c");
    assertThat(again.campaign().lease()).map(Lease::term).contains(first + 2);
  }

  @Test
  @DisplayName("a leader that stops renewing has stepped down by its own clock before the follower takes over with the next term")
  void followerTakesOverAfterTheLeaseRanOut() {
    LeaderElection a = candidate("a");
    LeaderElection b = candidate("b");
    Fence held = a.campaign().lease().orElseThrow().fence("fleet");
    LeaderView followed = b.campaign();
    assertThat(followed.leading()).isFalse();
    assertThat(followed.lease()).map(Lease::holder).contains("a");

    // a is paused: it campaigns no more.
    TAKEOVER.await("b to take over", () -> b.campaign().leading());

    assertThat(a.fence()).as("a's own view once b leads").isEmpty();
    assertThat(b.fence()).contains(new Fence("fleet", "b", held.term() + 1));
    assertThat(a.campaign().leading()).isFalse();
    assertThat(a.lastSeen()).map(Lease::holder).contains("b");
  }

  @Test
  @DisplayName("a leader cut off from the server steps down within the lease, the other takes over, and the cut-off one follows when the server is back")
  void leaderThatLosesTheServerStepsDown() throws Exception {
    LeaderElection a = throughProxy("a");
    LeaderElection b = candidate("b");
    assertThat(a.campaign().leading()).isTrue();
    long term = a.fence().orElseThrow().term();

    proxy.down();

    assertThatThrownBy(a::campaign).isInstanceOf(LeaderElectionException.class).hasMessageContaining("Could not campaign for 'fleet'");
    assertThat(a.fence()).as("a right after a renewal failed").isEmpty();
    TAKEOVER.await("b to take over", () -> b.campaign().leading());
    assertThat(b.fence()).map(Fence::term).contains(term + 1);

    proxy.up();
    assertThat(a.campaign().leading()).as("a, back, while b leads").isFalse();
    assertThat(a.lastSeen()).map(Lease::term).contains(term + 1);

    b.resign();
    assertThat(a.campaign().leading()).isTrue();
    assertThat(a.fence()).map(Fence::term).contains(term + 2);
  }

  @Test
  @DisplayName("a leader whose network goes silent mid-renewal stops believing it leads within the lease, while its renewal still hangs")
  void leaderBehindASilentNetworkStepsDownByItsClock() throws Exception {
    LeaderElection a = throughProxy("a");
    assertThat(a.campaign().leading()).isTrue();

    proxy.silence();
    CompletableFuture<LeaderView> renewal = CompletableFuture.supplyAsync(a::campaign);

    TAKEOVER.await("a to stop leading", () -> a.fence().isEmpty());
    LeaderElection b = candidate("b");
    try (LeaderKeeper keeper = LeaderKeeper.start(b, new LeaderKeeper.Listener() {})) {
      TAKEOVER.await("b to take over", b::leading);
      assertThat(a.fence()).isEmpty();
      proxy.up();
      // The hung renewal ends (a network timeout, then perhaps a retry on a new session that finds b's term) without a's leading.
      boolean ledAfter = renewal.handle((view, failure) -> view != null && view.leading()).get(30, TimeUnit.SECONDS);
      assertThat(ledAfter).isFalse();
      assertThat(a.fence()).isEmpty();
      assertThat(a.campaign().leading()).as("a, back, while b leads").isFalse();
      assertThat(b.leading()).isTrue();
    }
  }

  @Test
  @DisplayName("a leader keeps its term across a server restart: its lease is in the table, and it renews it on a new session")
  void leaderKeepsItsTermAcrossARestart() throws Exception {
    LeaderElection a = LabPostgres.elect(lab.settings(prefix), "fleet", "a", Duration.ofSeconds(20));
    elections.add(a);
    LeaderElection b = LabPostgres.elect(lab.settings(prefix), "fleet", "b", Duration.ofSeconds(20));
    elections.add(b);
    long term = a.campaign().lease().orElseThrow().term();
    assertThat(b.campaign().leading()).isFalse();

    Lab.run(LabService.POSTGRES, "restart");

    LeaderView renewed = Poll.within(Duration.ofSeconds(30)).every(Duration.ofMillis(200)).await("a campaign to reach the server again",
        () -> {
          try {
            return a.campaign();
          } catch (LeaderElectionException e) {
            return null;
          }
        }, v -> v != null);
    assertThat(renewed.leading()).isTrue();
    assertThat(renewed.lease()).map(Lease::term).contains(term);
    assertThat(b.campaign().leading()).as("b after the restart").isFalse();
  }

  @Test
  @DisplayName("a campaign's failure never shows the password")
  void failureNeverShowsThePassword() throws Exception {
    LeaderElection a = throughProxy("a");
    proxy.down();
    assertThatThrownBy(a::campaign).isInstanceOf(LeaderElectionException.class)
        .satisfies(e -> {
          for (Throwable t = e; t != null; t = t.getCause()) {
            assertThat(String.valueOf(t.getMessage())).doesNotContain(lab.password());
          }
        });
  }
}
