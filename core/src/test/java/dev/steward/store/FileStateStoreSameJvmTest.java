package dev.steward.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steward.ResourceKey;
import dev.steward.ResourceRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two store instances on one directory in one JVM see each other's commits and lose none. */
class FileStateStoreSameJvmTest {
  private static final ResourceKey SHARED = ResourceKey.local("node", "shared");
  private static final int STEPS = 150;

  @TempDir
  Path temp;

  @Test
  @DisplayName("two instances in one JVM committing concurrently to one record, across compactions, lose no update")
  void twoInstancesLoseNoUpdate() throws Exception {
    Path dir = temp.resolve("state");
    try (FileStateStore a = StoreTestSupport.open(dir, 2048); FileStateStore b = StoreTestSupport.open(dir, 2048)) {
      a.create(SHARED, "node", Optional.empty(), "shared");
      assertThat(b.find(SHARED)).as("b sees a's create").isPresent();
      ExecutorService pool = Executors.newFixedThreadPool(4);
      try {
        List<Future<?>> done = new ArrayList<>();
        for (FileStateStore store : List.of(a, b)) {
          for (int t = 0; t < 2; t++) {
            String name = (store == a ? "a" : "b") + t;
            done.add(pool.submit(() -> {
              for (int i = 0; i < STEPS; i++) {
                store.updateAttributes(SHARED, Map.of(name + "-" + i, "1"));
              }
            }));
          }
        }
        for (Future<?> f : done) {
          f.get();
        }
      } finally {
        pool.shutdownNow();
      }
      ResourceRecord fromA = a.get(SHARED);
      assertThat(b.get(SHARED)).isEqualTo(fromA);
      assertThat(fromA.version()).isEqualTo(1 + 4 * STEPS);
      assertThat(fromA.attributes()).hasSize(4 * STEPS);
      assertThat(a.verify().problems()).isEmpty();
    }
    try (FileStateStore fresh = StoreTestSupport.open(dir)) {
      assertThat(fresh.get(SHARED).version()).isEqualTo(1 + 4 * STEPS);
    }
  }

  @Test
  @DisplayName("an instance opened through a symlink and one opened by the real path share one lock and lose no update")
  void instancesThroughASymlinkShareOneLock() throws Exception {
    Path real = temp.resolve("state");
    Path link = Files.createSymbolicLink(temp.resolve("link"), temp);
    try (FileStateStore a = StoreTestSupport.open(real); FileStateStore b = StoreTestSupport.open(link.resolve("state"))) {
      a.create(SHARED, "node", Optional.empty(), "shared");
      ExecutorService pool = Executors.newFixedThreadPool(2);
      try {
        List<Future<?>> done = new ArrayList<>();
        for (FileStateStore store : List.of(a, b)) {
          String name = store == a ? "a" : "b";
          done.add(pool.submit(() -> {
            for (int i = 0; i < STEPS; i++) {
              store.updateAttributes(SHARED, Map.of(name + "-" + i, "1"));
            }
          }));
        }
        for (Future<?> f : done) {
          f.get();
        }
      } finally {
        pool.shutdownNow();
      }
      assertThat(b.get(SHARED).attributes()).hasSize(2 * STEPS);
    }
  }
}
