package dev.steward.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steward.ResourceKey;
import dev.steward.ResourceRecord;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The journal is extended with zeros ahead of use. A crash leaves them in place; what a reader
 * finds after the data must never be mistaken for data.
 */
class FileStateStorePreallocationTest {
  private static final ResourceKey WEB_1 = ResourceKey.local("node", "web-1");

  @TempDir
  Path temp;

  private Path crashImage;
  private List<ResourceRecord> acknowledged;
  private int dataEnd;

  /** A copy of the directory taken while the store is open: what a crash leaves behind. */
  @BeforeEach
  void commitAndTakeACrashImage() throws IOException {
    Path live = temp.resolve("live");
    crashImage = temp.resolve("crash");
    try (FileStateStore store = StoreTestSupport.open(live)) {
      store.create(WEB_1, "node", Optional.empty(), "wanted");
      for (int i = 0; i < 20; i++) {
        store.updateAttributes(WEB_1, Map.of("counter", Integer.toString(i)));
      }
      acknowledged = store.list();
      Files.createDirectories(crashImage);
      try (Stream<Path> files = Files.list(live)) {
        for (Path file : (Iterable<Path>) files::iterator) {
          Files.copy(file, crashImage.resolve(file.getFileName()));
        }
      }
    }
    byte[] journal = Files.readAllBytes(crashImage.resolve("journal.log"));
    dataEnd = indexOfZero(journal);
    assertThat(dataEnd).as("the journal holds preallocated zeros after its data").isPositive().isLessThan(journal.length);
  }

  private static int indexOfZero(byte[] bytes) {
    for (int i = 0; i < bytes.length; i++) {
      if (bytes[i] == 0) {
        return i;
      }
    }
    return -1;
  }

  private void writeAt(long offset, String text) throws IOException {
    try (var channel = java.nio.channels.FileChannel.open(crashImage.resolve("journal.log"), java.nio.file.StandardOpenOption.WRITE)) {
      channel.write(java.nio.ByteBuffer.wrap(text.getBytes(StandardCharsets.US_ASCII)), offset);
    }
  }

  @Test
  void opensAfterACrashWithEveryAcknowledgedChangeAndVerifiesClean() {
    try (FileStateStore store = StoreTestSupport.open(crashImage)) {
      assertThat(store.list()).isEqualTo(acknowledged);
      assertThat(store.verify().problems()).isEmpty();
    }
  }

  @Test
  void cutsAPartialLineWrittenIntoThePreallocatedSpace() throws IOException {
    writeAt(dataEnd, "1a2b3c4d {\"serial\":999,\"op\":\"put\",\"key\":\"node/web-1@lo");

    try (FileStateStore store = StoreTestSupport.open(crashImage)) {
      assertThat(store.list()).isEqualTo(acknowledged);
      ResourceRecord next = store.updateAttributes(WEB_1, Map.of("counter", "after"));
      assertThat(next.version()).isEqualTo(acknowledged.get(0).version() + 1);
    }
    assertThat(Files.size(crashImage.resolve("journal.log"))).isGreaterThan(dataEnd);
    try (FileStateStore store = StoreTestSupport.open(crashImage)) {
      assertThat(store.get(WEB_1).attribute("counter")).contains("after");
      assertThat(store.verify().problems()).isEmpty();
    }
  }

  @Test
  void cutsBytesOfAnUnacknowledgedWriteFoundBeyondTheZeros() throws IOException {
    writeAt(dataEnd + 4096, "garbage that a lost page left behind\n");
    assertThat(FileStateStore.verify(dev.steward.Settings.builder().set(FileStoreSettings.DIRECTORY, crashImage).build()).problems())
        .anySatisfy(problem -> assertThat(problem).contains("bytes after the end of its data"));

    try (FileStateStore store = StoreTestSupport.open(crashImage)) {
      assertThat(store.list()).isEqualTo(acknowledged);
      assertThat(store.verify().problems()).isEmpty();
    }
  }
}
