package dev.steward.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.steward.ResourceKey;
import dev.steward.ResourceRecord;
import dev.steward.NodeLifecycle;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A journal line cut or damaged by a crash mid-write is dropped and cut; everything before it stays. */
class FileStateStoreTornWriteTest {
  private static final ResourceKey WEB_1 = ResourceKey.local("node", "web-1");
  private static final ResourceKey WEB_2 = ResourceKey.local("node", "web-2");
  private static final ResourceKey WEB_3 = ResourceKey.local("node", "web-3");

  @TempDir
  Path temp;

  private Path source;
  private List<ResourceRecord> beforeLastChange;
  private long lastLineStart;
  private long journalSize;

  @BeforeEach
  void commitChangesAndRememberTheLastLine() throws IOException {
    source = temp.resolve("source");
    try (FileStateStore store = StoreTestSupport.open(source)) {
      for (ResourceKey key : List.of(WEB_1, WEB_2, WEB_3)) {
        store.create(key, "node", Optional.empty(), "wanted");
        store.transition(key, NodeLifecycle.CREATING, "creating");
      }
      for (int i = 1; i <= 5; i++) {
        store.updateAttributes(WEB_2, Map.of("counter", Integer.toString(i)));
      }
      store.transition(WEB_3, NodeLifecycle.STARTING, "starting");
      beforeLastChange = store.list();
      store.updateAttributes(WEB_1, Map.of("counter", "last"));
      assertThat(store.list()).isNotEqualTo(beforeLastChange);
    }
    byte[] journal = Files.readAllBytes(source.resolve("journal.log"));
    journalSize = journal.length;
    assertThat(journal[journal.length - 1]).isEqualTo((byte) '\n');
    int start = journal.length - 2;
    while (journal[start] != '\n') {
      start--;
    }
    lastLineStart = start + 1;
  }

  @Test
  @DisplayName("a journal cut at any byte of its last line opens without that change, with the tail cut off")
  void truncatedLastLineIsDroppedAtEveryOffset() throws IOException {
    Path copy = temp.resolve("copy");
    for (long cut = lastLineStart; cut < journalSize; cut++) {
      StoreTestSupport.copyStateFiles(source, copy);
      try (FileChannel channel = FileChannel.open(copy.resolve("journal.log"), StandardOpenOption.WRITE)) {
        channel.truncate(cut);
      }
      assertOpensAsBeforeTheLastChange(copy, "cut at " + cut);
    }
  }

  @Test
  @DisplayName("a journal whose last line has any single damaged byte opens without that change, with the tail cut off")
  void damagedLastLineIsDroppedAtEveryOffset() throws IOException {
    Path copy = temp.resolve("copy");
    for (long at = lastLineStart; at < journalSize; at++) {
      StoreTestSupport.copyStateFiles(source, copy);
      Path journal = copy.resolve("journal.log");
      byte[] bytes = Files.readAllBytes(journal);
      bytes[(int) at] ^= 0x01;
      Files.write(journal, bytes);
      assertOpensAsBeforeTheLastChange(copy, "byte " + at + " flipped");
    }
  }

  @Test
  @DisplayName("a damaged line followed by intact ones is refused as corruption, naming the journal, and nothing is changed")
  void damagedMiddleLineIsRefused() throws IOException {
    Path copy = temp.resolve("copy");
    StoreTestSupport.copyStateFiles(source, copy);
    Path journal = copy.resolve("journal.log");
    byte[] bytes = Files.readAllBytes(journal);
    bytes[(int) lastLineStart - 20] ^= 0x01;
    Files.write(journal, bytes);
    Map<String, String> before = StoreTestSupport.contents(copy);

    assertThatThrownBy(() -> StoreTestSupport.open(copy))
        .isInstanceOf(StoreCorruptedException.class)
        .hasMessageContaining(journal.toString())
        .hasMessageContaining("later lines are intact")
        .hasMessageContaining("Nothing was changed");
    assertThat(StoreTestSupport.contents(copy)).isEqualTo(before);
  }

  private void assertOpensAsBeforeTheLastChange(Path copy, String what) throws IOException {
    try (FileStateStore store = StoreTestSupport.open(copy)) {
      assertThat(store.list()).as(what).isEqualTo(beforeLastChange);
      assertThat(Files.size(copy.resolve("journal.log"))).as(what + ": journal size after open").isEqualTo(lastLineStart);
      VerifyReport report = store.verify();
      assertThat(report.problems()).as(what).isEmpty();
      assertThat(report.ok()).isTrue();
    }
  }
}
