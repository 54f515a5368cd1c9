package dev.steward.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.steward.CoreSettings;
import dev.steward.leader.Fencing;
import dev.steward.ResourceKey;
import dev.steward.Spec;
import dev.steward.StateStore;
import dev.steward.discovery.ExtensionPoint;
import dev.steward.discovery.ProviderRegistry;
import dev.steward.leader.Fence;
import dev.steward.leader.LeaderElection;
import dev.steward.leader.LeaderSettings;
import dev.steward.leader.LeaderView;
import dev.steward.leader.Lease;
import dev.steward.leader.NotLeaderException;
import dev.steward.spi.LeaderElectionProvider;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link LeaderElection} must have, among candidates of one JVM that share
 * what {@link #settings()} describes, and with the state store {@link #storeId()} names on the same
 * settings. Nothing here waits for a lease to run out: handovers are by resignation and close.
 */
public abstract class LeaderElectionContract extends ProviderContract<LeaderElectionProvider, LeaderElection> {
  private static final ResourceKey WEB_1 = ResourceKey.local("node", "web-1");

  private final List<AutoCloseable> opened = new ArrayList<>();

  protected LeaderElectionContract() {
    super(ExtensionPoint.LEADER_ELECTION);
  }

  /** The id of the state store whose writes the election fences in these tests, e.g. {@code "file"}. */
  protected abstract String storeId();

  @AfterEach
  void closeAll() throws Exception {
    for (int i = opened.size() - 1; i >= 0; i--) {
      opened.get(i).close();
    }
  }

  /** Candidate {@code name} in the election {@code contract}. */
  protected LeaderElection candidate(String name) {
    LeaderElection election = create(settings().set(LeaderSettings.NAME, "contract").set(LeaderSettings.CANDIDATE, name)
        .set(LeaderSettings.LEASE, Duration.ofSeconds(10)));
    opened.add(election);
    return election;
  }

  private StateStore store() {
    StateStore store = ProviderRegistry.discover().create(ExtensionPoint.STATE_STORE, settings().set(CoreSettings.STATE_STORE, storeId()).build());
    opened.add(store);
    return store;
  }

  @Test
  @DisplayName("of three candidates campaigning twice each, exactly one leads, and the others see its lease")
  void exactlyOneLeads() {
    List<LeaderElection> three = List.of(candidate("a"), candidate("b"), candidate("c"));
    for (int round = 0; round < 2; round++) {
      three.forEach(LeaderElection::campaign);
    }

    List<LeaderElection> leading = three.stream().filter(LeaderElection::leading).toList();
    assertThat(leading).hasSize(1);
    Fence fence = leading.get(0).fence().orElseThrow();
    assertThat(fence.holder()).isEqualTo(leading.get(0).candidate());
    assertThat(fence.election()).isEqualTo("contract");
    for (LeaderElection e : three) {
      assertThat(e.lastSeen()).map(Lease::holder).contains(fence.holder());
    }
  }

  @Test
  @DisplayName("a resignation hands over at once, and every new leader's term is higher than the one before")
  void resignationHandsOverWithAHigherTerm() {
    LeaderElection a = candidate("a");
    LeaderElection b = candidate("b");
    long first = a.campaign().lease().orElseThrow().term();
    assertThat(b.campaign().leading()).isFalse();

    a.resign();
    assertThat(a.fence()).isEmpty();
    LeaderView second = b.campaign();
    assertThat(second.leading()).isTrue();
    assertThat(second.lease().orElseThrow().term()).isGreaterThan(first);

    b.resign();
    assertThat(a.campaign().lease().orElseThrow().term()).isGreaterThan(second.lease().orElseThrow().term());
  }

  @Test
  @DisplayName("closing the leader hands over at once")
  void closingHandsOver() {
    LeaderElection a = candidate("a");
    LeaderElection b = candidate("b");
    assertThat(a.campaign().leading()).isTrue();

    a.close();

    assertThat(b.campaign().leading()).isTrue();
  }

  @Test
  @DisplayName("a store fenced by a candidate that does not lead refuses its writes, and nothing is written; the leader's are written")
  void fencedStoreRefusesANonLeader() {
    LeaderElection a = candidate("a");
    LeaderElection b = candidate("b");
    StateStore store = store();
    a.campaign();
    b.campaign();

    assertThatThrownBy(() -> Fencing.fence(store, b).create(WEB_1, "node", Optional.empty(), "by b"))
        .isInstanceOf(NotLeaderException.class);
    assertThat(store.find(WEB_1)).isEmpty();

    assertThat(Fencing.fence(store, a).create(WEB_1, "node", Optional.empty(), "by a").reason()).isEqualTo("by a");
  }

  @Test
  @DisplayName("a leader that resigned is refused through the fenced store it kept, once another leads")
  void deposedLeaderIsRefused() {
    LeaderElection a = candidate("a");
    LeaderElection b = candidate("b");
    StateStore store = store();
    a.campaign();
    StateStore asA = Fencing.fence(store, a);
    asA.create(WEB_1, "node", Optional.empty(), "by a");

    a.resign();
    b.campaign();

    assertThatThrownBy(() -> asA.updateSpec(WEB_1, Spec.of(WEB_1).with("by", "a")))
        .isInstanceOf(NotLeaderException.class);
    assertThat(store.get(WEB_1).spec()).isEmpty();
    assertThat(Fencing.fence(store, b).updateSpec(WEB_1, Spec.of(WEB_1).with("by", "b")).spec()).isPresent();
  }
}
