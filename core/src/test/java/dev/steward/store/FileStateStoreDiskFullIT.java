package dev.steward.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.steward.ResourceKey;
import dev.steward.ResourceRecord;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A full disk fails the write with a clear message and never damages what is already stored. Needs root (mount). */
class FileStateStoreDiskFullIT {
  private static final ResourceKey WEB_1 = ResourceKey.local("node", "web-1");
  private static final String PADDING = "x".repeat(3000);

  @TempDir
  Path temp;

  private Path mount;
  private Path dir;
  private Path filler;

  @BeforeEach
  void mountTinyFilesystem() throws Exception {
    mount = temp.resolve("tiny");
    Files.createDirectory(mount);
    Process p = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", mount.toString())
        .redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes());
    assumeTrue(p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0, "cannot mount a tmpfs (needs root): " + output);
    dir = mount.resolve("state");
    filler = mount.resolve("filler");
  }

  @AfterEach
  void unmount() throws Exception {
    if (dir != null) {
      Process p = new ProcessBuilder("umount", mount.toString()).inheritIO().start();
      assertThat(p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0).as("umount " + mount).isTrue();
    }
  }

  @Test
  @DisplayName("a commit on a full disk throws StoreWriteException saying no space is left, and every earlier commit stays readable")
  void commitOnFullDiskKeepsEarlierState() throws IOException {
    List<ResourceRecord> acknowledged;
    try (FileStateStore store = StoreTestSupport.open(dir)) {
      store.create(WEB_1, "node", Optional.empty(), "wanted");
      fillLeaving(16 * 1024);
      acknowledged = store.list();
      StoreWriteException failure = null;
      for (int i = 0; i < 200 && failure == null; i++) {
        try {
          store.updateAttributes(WEB_1, Map.of("counter", i + PADDING));
          acknowledged = store.list();
        } catch (StoreWriteException e) {
          failure = e;
        }
      }
      assertThat(failure).as("a commit failed before 200").isNotNull();
      assertThat(failure).hasMessageContaining(dir.resolve("journal.log").toString())
          .hasMessageContaining("No space left on device")
          .hasMessageContaining("The change was not committed");
      assertThat(store.list()).as("same instance").isEqualTo(acknowledged);
      assertThat(store.verify().problems()).isEmpty();
    }
    try (FileStateStore store = StoreTestSupport.open(dir)) {
      assertThat(store.list()).as("reopened on the full disk").isEqualTo(acknowledged);
      assertThat(store.verify().problems()).isEmpty();
    }
    Files.delete(filler);
    try (FileStateStore store = StoreTestSupport.open(dir)) {
      assertThat(store.list()).as("reopened after freeing space").isEqualTo(acknowledged);
      store.updateAttributes(WEB_1, Map.of("counter", "after"));
      assertThat(store.verify().problems()).isEmpty();
    }
  }

  @Test
  @DisplayName("a compaction that does not fit fails clearly and leaves the old snapshot and the journal intact")
  void compactionThatDoesNotFitKeepsOldSnapshot() throws IOException {
    List<ResourceRecord> committed;
    byte[] snapshot;
    try (FileStateStore store = StoreTestSupport.open(dir)) {
      store.create(WEB_1, "node", Optional.empty(), "wanted");
      for (int i = 0; i < 5; i++) {
        store.updateAttributes(WEB_1, Map.of("counter", i + PADDING));
      }
      committed = store.list();
      snapshot = Files.readAllBytes(dir.resolve("state.json"));
      fillLeaving(0);
      assertThatThrownBy(store::compact)
          .isInstanceOf(StoreWriteException.class)
          .hasMessageContaining("Could not write a new snapshot in " + dir)
          .hasMessageContaining("No space left on device")
          .hasMessageContaining("The previous snapshot and journal are still in place");
      assertThat(Files.readAllBytes(dir.resolve("state.json"))).isEqualTo(snapshot);
      assertThat(store.list()).isEqualTo(committed);
      assertThat(store.verify().problems()).isEmpty();
    }
    try (FileStateStore store = StoreTestSupport.open(dir)) {
      assertThat(store.list()).isEqualTo(committed);
      assertThat(store.verify().problems()).isEmpty();
    }
    try (var files = Files.list(dir)) {
      assertThat(files.map(f -> f.getFileName().toString())).as("no temp file is left behind").noneMatch(name -> name.endsWith(".tmp") || name.contains(".tmp-"));
    }
  }

  /** Fills the filesystem, then frees {@code bytes} of it again. */
  private void fillLeaving(long bytes) throws IOException {
    long written = 0;
    try (FileChannel channel = FileChannel.open(filler, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      ByteBuffer block = ByteBuffer.allocate(4096);
      while (true) {
        block.clear();
        try {
          written += channel.write(block, written);
        } catch (IOException full) {
          break;
        }
      }
      channel.truncate(Math.max(0, written - bytes));
    }
    assertThat(written).as("bytes the filler took").isPositive();
  }
}
