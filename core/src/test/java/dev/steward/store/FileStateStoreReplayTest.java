package dev.steward.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steward.ResourceKey;
import dev.steward.ResourceRecord;
import dev.steward.NodeLifecycle;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reopening replays the journal: the last operation of each record decides its state. */
class FileStateStoreReplayTest {
  private static final ResourceKey A = ResourceKey.local("node", "a");
  private static final ResourceKey B = ResourceKey.local("node", "b");
  private static final ResourceKey C = ResourceKey.local("node", "c");

  @TempDir
  Path dir;

  @Test
  void replaysPutsAndDeletesInOrderForEveryRecord() {
    List<ResourceRecord> expected;
    try (FileStateStore store = StoreTestSupport.open(dir, StoreTestSupport.NEVER_COMPACT)) {
      store.create(A, "node", Optional.empty(), "first life");
      store.updateAttributes(A, Map.of("n", "1"));
      store.delete(A);
      store.create(A, "node", Optional.empty(), "second life");
      store.transition(A, NodeLifecycle.CREATING, "creating");
      store.create(B, "node", Optional.empty(), "short-lived");
      store.delete(B);
      store.create(C, "node", Optional.empty(), "kept");
      store.checkpoint(C, "STAGED");
      store.recordFailure(C, "Boom", "once");
      expected = store.list();
    }

    try (FileStateStore reopened = StoreTestSupport.open(dir, StoreTestSupport.NEVER_COMPACT)) {
      assertThat(reopened.list()).isEqualTo(expected);
      assertThat(reopened.find(B)).isEmpty();
      assertThat(reopened.get(A).reason()).isEqualTo("creating");
      assertThat(reopened.history(A)).extracting(t -> t.to()).containsExactly(NodeLifecycle.PLANNED, NodeLifecycle.CREATING);
      assertThat(reopened.serial()).isEqualTo(10);
      assertThat(reopened.verify().problems()).isEmpty();
    }
  }
}
