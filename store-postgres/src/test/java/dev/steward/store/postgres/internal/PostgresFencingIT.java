package dev.steward.store.postgres.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.steward.ResourceKey;
import dev.steward.leader.Fencing;
import dev.steward.Sighting;
import dev.steward.StateStore;
import dev.steward.leader.Fence;
import dev.steward.leader.LeaderSettings;
import dev.steward.leader.LeaderView;
import dev.steward.leader.NotLeaderException;
import dev.steward.store.postgres.CuttingProxy;
import dev.steward.store.postgres.LabPostgres;
import dev.steward.store.postgres.PostgresStoreSettings;
import dev.steward.testsupport.Poll;
import dev.steward.testsupport.lab.LabService;
import dev.steward.testsupport.lab.RequiresLab;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The fencing proof: a leader that was paused (here: whose own clock stands still, so it still
 * believes it leads) writes after another candidate took over, and the database refuses it, in the
 * write's own transaction, with nothing written. And the order the term row's {@code FOR SHARE}
 * lock makes: a takeover waits for a fenced write in flight, and a fenced write that meets a
 * takeover in flight waits for it and is refused.
 */
@RequiresLab(LabService.POSTGRES)
class PostgresFencingIT {
  /** The lease of "a", which is to run out; the others' must not while a test looks. */
  private static final Duration SHORT = Duration.ofSeconds(1);
  private static final Duration LONG = Duration.ofSeconds(10);
  private static final Poll TAKEOVER = Poll.within(SHORT.plusSeconds(10)).every(Duration.ofMillis(50));
  private static final ResourceKey WEB_1 = ResourceKey.local("node", "web-1");
  private static final ResourceKey WEB_2 = ResourceKey.local("node", "web-2");

  @RegisterExtension
  final LabPostgres lab = new LabPostgres();
  private final String prefix = lab.prefix();
  /** Candidate a's clock: it stands still, so a believes its lease for ever (a paused process that just woke up). */
  private final AtomicLong frozen = new AtomicLong(System.nanoTime());
  private final List<AutoCloseable> opened = new ArrayList<>();

  @AfterEach
  void closeAll() throws Exception {
    for (int i = opened.size() - 1; i >= 0; i--) {
      opened.get(i).close();
    }
  }

  private <T extends AutoCloseable> T open(T closeable) {
    opened.add(closeable);
    return closeable;
  }

  private PostgresLeaderElection candidate(String name, boolean clockStandsStill) {
    return open(PostgresLeaderElectionProvider.create(lab.settings(prefix).set(LeaderSettings.NAME, "fleet")
        .set(LeaderSettings.CANDIDATE, name).set(LeaderSettings.LEASE, name.equals("a") ? SHORT : LONG).build(), System.getenv(), Optional.empty(),
        clockStandsStill ? frozen::get : System::nanoTime));
  }

  private StateStore store() {
    return open(LabPostgres.open(lab.settings(prefix)));
  }

  @Test
  @DisplayName("a paused leader that still believes its term writes late: the database refuses every write, and nothing is written")
  void lateWritesOfAPausedLeaderAreRefused() throws Exception {
    PostgresLeaderElection a = candidate("a", true);
    PostgresLeaderElection b = candidate("b", false);
    StateStore store = store();
    StateStore asA = Fencing.fence(store, a);
    long term = leadAndCreate(a, asA);
    assertThat(writtenTerm(WEB_1)).hasValue(term);

    TAKEOVER.await("b to take over", () -> b.campaign().leading());
    assertThat(a.fence()).as("a's own, frozen view").contains(new Fence("fleet", "a", term));

    assertThatThrownBy(() -> asA.create(WEB_2, "node", Optional.empty(), "late"))
        .isInstanceOfSatisfying(NotLeaderException.class, e -> assertThat(e.fence()).contains(new Fence("fleet", "a", term)))
        .hasMessage("Refused to create " + WEB_2 + ": term " + term + " of a in 'fleet' is over; the database holds term " + (term + 1)
            + " of b. Only the leader writes; this instance goes on observing.");
    assertThatThrownBy(() -> asA.updateAttributes(WEB_1, Map.of("late", "yes"))).isInstanceOf(NotLeaderException.class);
    assertThatThrownBy(() -> asA.transition(WEB_1, "PROVISIONING", "late")).isInstanceOf(NotLeaderException.class);
    assertThatThrownBy(() -> asA.observe(List.of(Sighting.present(WEB_2, Map.of())))).isInstanceOf(NotLeaderException.class);
    assertThatThrownBy(() -> asA.delete(WEB_1)).isInstanceOf(NotLeaderException.class);

    assertThat(store.find(WEB_2)).isEmpty();
    assertThat(store.get(WEB_1).version()).isEqualTo(1);
    assertThat(store.get(WEB_1).attributes()).isEmpty();
    assertThat(writtenTerm(WEB_1)).hasValue(term);

    Fencing.fence(store, b).updateAttributes(WEB_1, Map.of("by", "b"));
    assertThat(writtenTerm(WEB_1)).hasValue(term + 1);
  }

  @Test
  @DisplayName("a candidate that does not believe it leads is refused before the database is asked, with no fence on the refusal")
  void writeWithoutAFenceIsRefusedAtOnce() {
    PostgresLeaderElection a = candidate("a", false);
    StateStore asA = Fencing.fence(store(), a);

    assertThatThrownBy(() -> asA.create(WEB_1, "node", Optional.empty(), ""))
        .isInstanceOfSatisfying(NotLeaderException.class, e -> assertThat(e.fence()).isEmpty())
        .hasMessageContaining("this instance (a) does not lead 'fleet'");
  }

  @Test
  @DisplayName("a takeover waits for a fenced write in flight, so the write commits with its term before the next term exists")
  void takeoverWaitsForAWriteInFlight() throws Exception {
    PostgresLeaderElection a = candidate("a", true);
    PostgresLeaderElection b = candidate("b", false);
    StateStore store = store();
    StateStore asA = Fencing.fence(store, a);
    long term = leadAndCreate(a, asA);

    try (Connection blocker = lab.connect()) {
      blocker.setAutoCommit(false);
      // Holds the record's row, so a's write stops after its term check, inside its transaction.
      try (Statement s = blocker.createStatement()) {
        s.executeQuery("SELECT 1 FROM " + prefix + "record FOR UPDATE").close();
      }
      CompletableFuture<?> write = CompletableFuture.runAsync(() -> asA.updateAttributes(WEB_1, Map.of("in-flight", "yes")));
      awaitWaiting(prefix + "record");
      Poll.within(Duration.ofSeconds(30)).await("a's lease to run out on the server", this::leaseRanOut);
      CompletableFuture<LeaderView> takeover = CompletableFuture.supplyAsync(b::campaign);
      awaitWaiting(prefix + "leader");
      assertThat(takeover).as("b's takeover while a's write is in flight").isNotDone();

      blocker.commit();

      write.get(30, TimeUnit.SECONDS);
      assertThat(takeover.get(30, TimeUnit.SECONDS).lease()).map(l -> l.fence("fleet")).contains(new Fence("fleet", "b", term + 1));
    }
    assertThat(store.get(WEB_1).attributes()).containsEntry("in-flight", "yes");
    assertThat(writtenTerm(WEB_1)).hasValue(term);
    assertThatThrownBy(() -> asA.updateAttributes(WEB_1, Map.of("late", "yes"))).isInstanceOf(NotLeaderException.class);
  }

  @Test
  @DisplayName("a fenced write that meets a takeover in flight waits for it, then sees the new term and is refused")
  void writeThatMeetsATakeoverInFlightIsRefused() throws Exception {
    PostgresLeaderElection a = candidate("a", true);
    StateStore store = store();
    StateStore asA = Fencing.fence(store, a);
    long term = leadAndCreate(a, asA);

    CompletableFuture<?> write;
    try (Connection takeover = lab.connect()) {
      takeover.setAutoCommit(false);
      try (Statement s = takeover.createStatement()) {
        s.executeUpdate("UPDATE " + prefix + "leader SET holder = 'b', term = term + 1, since = now(), expires_at = now() + interval '1 minute'"
            + " WHERE name = 'fleet'");
      }
      write = CompletableFuture.runAsync(() -> asA.updateAttributes(WEB_1, Map.of("late", "yes")));
      awaitWaiting(prefix + "leader");
      assertThat(write).isNotDone();
      takeover.commit();
    }

    assertThatThrownBy(() -> write.get(30, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
        .cause().isInstanceOf(NotLeaderException.class).hasMessageContaining("the database holds term " + (term + 1) + " of b");
    assertThat(store.get(WEB_1).version()).isEqualTo(1);
    assertThat(writtenTerm(WEB_1)).hasValue(term);
  }

  @Test
  @DisplayName("a write whose session died before its COMMIT is tried again only after the term is checked again: refused once another leads")
  void retryAfterALostSessionChecksTheTermAgain() throws Exception {
    CuttingProxy proxy = open(new CuttingProxy(lab.address(), lab.port()));
    PostgresLeaderElection a = candidate("a", true);
    PostgresLeaderElection b = candidate("b", false);
    StateStore store = open(LabPostgres.open(lab.settings(prefix)
        .set(PostgresStoreSettings.URL, "jdbc:postgresql://127.0.0.1:" + proxy.port() + "/" + lab.database() + "?prepareThreshold=0")
        .set(PostgresStoreSettings.MAX_CONNECTIONS, 1)
        .set(PostgresStoreSettings.RECONNECT_FOR, Duration.ofSeconds(60))));
    StateStore asA = Fencing.fence(store, a);
    long term = leadAndCreate(a, asA);

    proxy.downAtNextCommit();
    CompletableFuture<?> write = CompletableFuture.runAsync(() -> asA.updateAttributes(WEB_1, Map.of("late", "yes")));
    Poll.until("the write's COMMIT to be cut", () -> proxy.cuts() == 1);
    TAKEOVER.await("b to take over", () -> b.campaign().leading());
    assertThat(write).as("a's write, still reconnecting").isNotDone();
    proxy.up();

    assertThatThrownBy(() -> write.get(60, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
        .cause().isInstanceOf(NotLeaderException.class).hasMessageContaining("the database holds term " + (term + 1) + " of b");
    assertThat(store.get(WEB_1).version()).isEqualTo(1);
    assertThat(writtenTerm(WEB_1)).hasValue(term);
  }

  /** {@code a} campaigns, leads, and creates {@link #WEB_1} through its fenced view {@code asA}; its term. */
  private static long leadAndCreate(PostgresLeaderElection a, StateStore asA) {
    long term = a.campaign().lease().orElseThrow().term();
    asA.create(WEB_1, "node", Optional.empty(), "by a");
    return term;
  }

  private OptionalLong writtenTerm(ResourceKey key) throws SQLException {
    try (Connection c = lab.connect();
        PreparedStatement s = c.prepareStatement("SELECT written_term FROM " + prefix + "record WHERE key = ?")) {
      s.setString(1, key.toString());
      try (ResultSet rs = s.executeQuery()) {
        assertThat(rs.next()).as("a row for %s", key).isTrue();
        long term = rs.getLong(1);
        return rs.wasNull() ? OptionalLong.empty() : OptionalLong.of(term);
      }
    }
  }

  private boolean leaseRanOut() {
    try (Connection c = lab.connect(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT expires_at < now() FROM " + prefix + "leader WHERE name = 'fleet'")) {
      return rs.next() && rs.getBoolean(1);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Waits until a session of the store or an election waits for a lock, in a statement on {@code table}. */
  private void awaitWaiting(String table) {
    Poll.until("a statement on " + table + " to wait for a lock", () -> {
      try (Connection c = lab.connect();
          PreparedStatement s = c.prepareStatement("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'"
              + " AND application_name = 'steward' AND position(? in query) > 0")) {
        s.setString(1, table);
        try (ResultSet rs = s.executeQuery()) {
          rs.next();
          return rs.getInt(1) > 0;
        }
      } catch (SQLException e) {
        throw new IllegalStateException(e);
      }
    });
  }
}
