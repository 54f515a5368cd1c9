package dev.steward.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.steward.ResourceKey;
import dev.steward.internal.store.file.FileOps;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A compaction the store starts by itself runs beside the commits: they go on while it writes the
 * snapshot, and the lines they add meanwhile are carried into the new journal, never lost, even
 * when the rotation stops half way.
 */
class FileStateStoreBackgroundCompactionTest {
  private static final String COMPACTOR = "steward-store-compact";
  private static final ResourceKey KEY = ResourceKey.local("node", "web-1");

  @TempDir
  Path dir;

  /** The real steps; the compaction's first fsync can be held, and a rename into a name can fail. */
  private static final class CompactionOps extends RealOps {
    final CountDownLatch held = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);
    volatile String failRenameTo = "";

    @Override
    public void force(FileChannel channel) throws IOException {
      if (Thread.currentThread().getName().equals(COMPACTOR) && held.getCount() > 0) {
        held.countDown();
        try {
          assertThat(release.await(1, TimeUnit.MINUTES)).as("the test let the compaction go on").isTrue();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IOException(e);
        }
      }
      FileOps.DURABLE.force(channel);
    }

    @Override
    public void rename(Path from, Path to) throws IOException {
      if (to.getFileName().toString().equals(failRenameTo)) {
        throw new IOException("injected failure of rename to " + to.getFileName());
      }
      FileOps.DURABLE.rename(from, to);
    }
  }

  @Test
  @DisplayName("commits go on while a compaction writes its snapshot; their lines are carried into the new journal")
  void commitsGoOnDuringACompaction() throws Exception {
    CompactionOps ops = new CompactionOps();
    int during = 40;
    long snapshotSerial;
    try (FileStateStore store = StoreTestSupport.open(dir, 1024, ops)) {
      store.create(KEY, "node", Optional.empty(), "test");
      commitUntilACompactionIsHeld(store, ops);
      // With the compaction held in its fsync, commits are still acknowledged.
      for (int i = 0; i < during; i++) {
        store.updateAttributes(KEY, Map.of("step", "during-" + i));
      }
      assertThat(ops.release.getCount()).as("the compaction is still held").isEqualTo(1);
      ops.release.countDown();
      store.awaitBackgroundWork();
      JsonNode snapshot = json(dir.resolve("state.json"));
      snapshotSerial = snapshot.path("serial").asLong();
      assertThat(snapshot.path("records").path(KEY.toString()).path("attributes").path("step").asText())
          .as("the snapshot holds the state when the compaction began").startsWith("before-");
      List<JsonNode> lines = journalLines(dir.resolve("journal.log"));
      assertThat(lines.get(0).path("base_serial").asLong()).isEqualTo(snapshotSerial);
      List<JsonNode> carried = lines.subList(1, lines.size());
      assertThat(carried).extracting(l -> l.path("serial").asLong()).as("the serials after the snapshot's, without a gap")
          .isEqualTo(java.util.stream.LongStream.rangeClosed(snapshotSerial + 1, snapshotSerial + carried.size()).boxed().toList());
      assertThat(carried).extracting(l -> l.path("record").path("attributes").path("step").asText())
          .as("the new journal carries every commit made during the compaction")
          .endsWith(java.util.stream.IntStream.range(0, during).mapToObj(i -> "during-" + i).toArray(String[]::new));
      assertThat(store.get(KEY).attributes()).containsEntry("step", "during-" + (during - 1));
      assertThat(store.verify().problems()).isEmpty();
    }
    try (FileStateStore reopened = StoreTestSupport.open(dir)) {
      assertThat(reopened.get(KEY).attributes()).containsEntry("step", "during-" + (during - 1));
      assertThat(reopened.verify().problems()).isEmpty();
    }
    assertThat(tempFiles()).isEmpty();
  }

  @Test
  @DisplayName("a rotation that stops between its two renames loses nothing: the previous journal is read on open")
  void aRotationStoppedHalfWayLosesNothing() throws Exception {
    CompactionOps ops = new CompactionOps();
    int during = 10;
    try (FileStateStore store = StoreTestSupport.open(dir, 1024, ops)) {
      store.create(KEY, "node", Optional.empty(), "test");
      commitUntilACompactionIsHeld(store, ops);
      for (int i = 0; i < during; i++) {
        store.updateAttributes(KEY, Map.of("step", "during-" + i));
      }
      // As a crash would leave it: the new snapshot in place, the old journal renamed aside, and
      // no journal.log yet; only the old journal has the commits made during the compaction.
      ops.failRenameTo = "journal.log";
      ops.release.countDown();
      store.awaitBackgroundWork();
      assertThat(dir.resolve("journal.log")).doesNotExist();
      assertThat(json(dir.resolve("state.json")).path("records").path(KEY.toString()).path("attributes").path("step")
          .asText()).startsWith("before-");
      ops.failRenameTo = "";
      assertThat(store.get(KEY).attributes()).as("the same instance reads the files again")
          .containsEntry("step", "during-" + (during - 1));
    }
    try (FileStateStore reopened = StoreTestSupport.open(dir)) {
      assertThat(reopened.get(KEY).attributes()).containsEntry("step", "during-" + (during - 1));
      assertThat(reopened.verify().problems()).isEmpty();
    }
  }

  /** Commits until a compaction has started and is held in its first fsync; returns how many. */
  private static int commitUntilACompactionIsHeld(FileStateStore store, CompactionOps ops) throws InterruptedException {
    int i = 0;
    while (ops.held.getCount() > 0) {
      assertThat(i).as("commits before a compaction starts").isLessThan(10_000);
      store.updateAttributes(KEY, Map.of("step", "before-" + i, "padding", "x".repeat(200)));
      i++;
      if (ops.held.await(i % 10 == 0 ? 50 : 0, TimeUnit.MILLISECONDS)) {
        break;
      }
    }
    return i;
  }

  private static JsonNode json(Path file) throws IOException {
    return new ObjectMapper().readTree(file.toFile());
  }

  /** The JSON of each line of a journal, the header first, without checksums or preallocated zeros. */
  private static List<JsonNode> journalLines(Path file) throws IOException {
    ObjectMapper mapper = new ObjectMapper();
    String text = new String(Files.readAllBytes(file), StandardCharsets.UTF_8).replace("\0", "");
    return text.lines().map(line -> {
      try {
        return mapper.readTree(line.substring(9));
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    }).toList();
  }

  private List<Path> tempFiles() throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(f -> f.getFileName().toString().contains(".tmp")).toList();
    }
  }
}
