package dev.steward.leader;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steward.Settings;
import dev.steward.discovery.ExtensionPoint;
import dev.steward.discovery.ProviderRegistry;
import dev.steward.testsupport.Poll;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LeaderKeeperTest {
  @TempDir
  Path dir;

  private LeaderElection candidate(String name) {
    return ProviderRegistry.discover().create(ExtensionPoint.LEADER_ELECTION, Settings.builder()
        .set(LeaderSettings.DIRECTORY, dir)
        .set(LeaderSettings.NAME, "fleet")
        .set(LeaderSettings.CANDIDATE, name)
        .set(LeaderSettings.LEASE, Duration.ofMillis(600))
        .build());
  }

  @Test
  void oneLeadsTheOtherTakesOverWhenItStopsAndEachIsToldOfItsOwnChanges() {
    List<String> events = new CopyOnWriteArrayList<>();
    LeaderKeeper a = LeaderKeeper.start(candidate("a"), listener("a", events));
    Poll.within(Duration.ofSeconds(10)).await("a leads", () -> a.election().leading());
    try (LeaderKeeper b = LeaderKeeper.start(candidate("b"), listener("b", events))) {
      Poll.within(Duration.ofSeconds(10)).await("b campaigned", () -> b.election().lastSeen().isPresent());
      assertThat(b.election().leading()).isFalse();
      assertThat(b.election().lastSeen()).get().extracting(Lease::holder).isEqualTo("a");

      a.close();
      Poll.within(Duration.ofSeconds(10)).await("b takes over", () -> events.contains("b elected 2"));

      assertThat(b.election().fence()).get().extracting(Fence::term).isEqualTo(2L);
      assertThat(events).containsExactly("a elected 1", "a deposed", "b elected 2");
    }
  }

  private static LeaderKeeper.Listener listener(String who, List<String> events) {
    return new LeaderKeeper.Listener() {
      @Override
      public void elected(Fence fence) {
        events.add(who + " elected " + fence.term());
      }

      @Override
      public void deposed(String why) {
        events.add(who + " deposed");
      }
    };
  }
}
