package dev.steward.leader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.steward.CoreSettings;
import dev.steward.ResourceKey;
import dev.steward.Settings;
import dev.steward.StateStore;
import dev.steward.discovery.ExtensionPoint;
import dev.steward.discovery.ProviderRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileLeaderElectionTest {
  private static final ProviderRegistry REGISTRY = ProviderRegistry.discover();

  @TempDir
  Path dir;

  private final List<AutoCloseable> opened = new ArrayList<>();

  @AfterEach
  void closeAll() throws Exception {
    for (AutoCloseable c : opened) {
      c.close();
    }
  }

  private LeaderElection candidate(String name, String election) {
    Settings settings = Settings.builder()
        .set(LeaderSettings.DIRECTORY, dir)
        .set(LeaderSettings.NAME, election)
        .set(LeaderSettings.CANDIDATE, name)
        .set(LeaderSettings.LEASE, Duration.ofSeconds(3))
        .build();
    LeaderElection e = REGISTRY.create(ExtensionPoint.LEADER_ELECTION, settings);
    opened.add(e);
    return e;
  }

  @Test
  void theFirstCandidateLeadsWithTermOneAndTheOtherFollowsSeeingIt() {
    LeaderElection a = candidate("a", "fleet");
    LeaderElection b = candidate("b", "fleet");

    LeaderView first = a.campaign();
    LeaderView second = b.campaign();

    assertThat(first.leading()).isTrue();
    assertThat(a.fence()).contains(new Fence("fleet", "a", 1));
    assertThat(second.leading()).isFalse();
    assertThat(b.fence()).isEmpty();
    assertThat(b.leading()).isFalse();
    assertThat(second.lease()).get().satisfies(l -> {
      assertThat(l.holder()).isEqualTo("a");
      assertThat(l.term()).isEqualTo(1);
    });
    // Renewing keeps the term.
    assertThat(a.campaign().lease()).get().extracting(Lease::term).isEqualTo(1L);
  }

  @Test
  void aResignHandsOverAtOnceWithAHigherTermAndTermsGrowAcrossRestarts() {
    LeaderElection a = candidate("a", "fleet");
    LeaderElection b = candidate("b", "fleet");
    a.campaign();
    b.campaign();

    a.resign();
    assertThat(a.fence()).isEmpty();
    assertThat(b.campaign().leading()).isTrue();
    assertThat(b.fence()).get().extracting(Fence::term).isEqualTo(2L);
    assertThat(a.campaign().leading()).isFalse();

    b.close();
    LeaderElection c = candidate("c", "fleet");
    assertThat(c.campaign().leading()).isTrue();
    assertThat(c.fence()).get().extracting(Fence::term).isEqualTo(3L);
  }

  @Test
  void twoNamesAreTwoElectionsAndTheirFilesAreOwnerOnly() throws Exception {
    LeaderElection a = candidate("a", "web");
    LeaderElection b = candidate("b", "db");
    assertThat(a.campaign().leading()).isTrue();
    assertThat(b.campaign().leading()).isTrue();
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("leader-web.json"))))
        .isEqualTo("rw-------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("leader-web.lock"))))
        .isEqualTo("rw-------");
    assertThat(Files.readString(dir.resolve("leader-db.json"))).contains("\"holder\":\"b\"").contains("\"term\":1");
  }

  @Test
  void aDamagedTermFileIsRefusedWithWhatToDo() throws Exception {
    Files.writeString(dir.resolve("leader-fleet.json"), "{not json");
    LeaderElection a = candidate("a", "fleet");
    assertThatThrownBy(a::campaign)
        .isInstanceOf(LeaderElectionException.class)
        .hasMessageContaining("leader-fleet.json is damaged")
        .hasMessageContaining("delete it");
    assertThat(a.fence()).isEmpty();
  }

  @Test
  void aFencedStoreRefusesTheWritesOfAFollowerAndTakesTheLeaders() {
    LeaderElection a = candidate("a", "fleet");
    LeaderElection b = candidate("b", "fleet");
    a.campaign();
    b.campaign();
    StateStore store = REGISTRY.create(ExtensionPoint.STATE_STORE,
        Settings.builder().set(CoreSettings.STATE_STORE, "memory").build());
    ResourceKey key = ResourceKey.of("node", "web-1", "local");

    assertThatThrownBy(() -> Fencing.fence(store, b).create(key, "node", Optional.empty(), "wanted"))
        .isInstanceOf(NotLeaderException.class)
        .hasMessageContaining("this instance (b) does not lead 'fleet'; a does, with term 1");
    assertThat(store.find(key)).isEmpty();

    Fencing.fence(store, a).create(key, "node", Optional.empty(), "wanted");
    assertThat(Fencing.fence(store, b).find(key)).isPresent();

    a.resign();
    assertThatThrownBy(() -> Fencing.fence(store, a).delete(key)).isInstanceOf(NotLeaderException.class);
    assertThat(store.find(key)).isPresent();
  }

  @Test
  void byDefaultTheElectionLivesInTheStoresFolder() throws Exception {
    Path store = dir.resolve("state");
    LeaderElection e = REGISTRY.create(ExtensionPoint.LEADER_ELECTION, Settings.builder()
        .set(dev.steward.store.FileStoreSettings.DIRECTORY, store).build());
    opened.add(e);
    assertThat(e.name()).isEqualTo("steward");
    assertThat(e.candidate()).endsWith(":" + ProcessHandle.current().pid());
    assertThat(e.campaign().leading()).isTrue();
    assertThat(store.resolve("leader-steward.json")).exists();
  }
}
