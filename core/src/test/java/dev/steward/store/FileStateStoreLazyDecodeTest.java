package dev.steward.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.steward.CoreSettings;
import dev.steward.ResourceKey;
import dev.steward.Settings;
import dev.steward.Transition;
import dev.steward.NodeLifecycle;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Records read from disk are decoded on first use and their histories kept as bytes: what is read
 * back, added to and written again must be what an eagerly decoded store would hold.
 */
class FileStateStoreLazyDecodeTest {
  private static final ResourceKey WEB_1 = ResourceKey.local("node", "web-1");
  private static final ResourceKey WEB_2 = ResourceKey.local("node", "web-2");

  @TempDir
  Path dir;

  private FileStateStore open(int historyLimit) {
    return FileStateStore.open(Settings.builder()
        .set(FileStoreSettings.DIRECTORY, dir)
        .set(FileStoreSettings.COMPACT_AFTER, StoreTestSupport.NEVER_COMPACT)
        .set(CoreSettings.HISTORY_LIMIT, historyLimit)
        .build());
  }

  private static List<String> targets(List<Transition> history) {
    List<String> to = new ArrayList<>();
    history.forEach(t -> to.add(t.from().orElse("-") + ">" + t.to() + ":" + t.reason()));
    return to;
  }

  @Test
  void aHistoryReadFromDiskKeepsItsLastTransitionsAsCommitsAddToIt() {
    try (FileStateStore store = open(3)) {
      store.create(WEB_1, "node", Optional.empty(), "wanted");
      store.transition(WEB_1, NodeLifecycle.CREATING, "creating \"quoted\" ] [ {");
      store.transition(WEB_1, NodeLifecycle.STARTING, "starting");
      store.transition(WEB_1, NodeLifecycle.RUNNING, "up");
    }
    try (FileStateStore store = open(3)) { // from the journal
      assertThat(targets(store.history(WEB_1)))
          .containsExactly("PLANNED>CREATING:creating \"quoted\" ] [ {", "CREATING>STARTING:starting", "STARTING>RUNNING:up");
      store.transition(WEB_1, NodeLifecycle.UPGRADING, "upgrading");
      store.compact();
    }
    try (FileStateStore store = open(3)) { // from the snapshot
      store.transition(WEB_1, NodeLifecycle.RUNNING, "upgraded");
      assertThat(targets(store.history(WEB_1)))
          .containsExactly("STARTING>RUNNING:up", "RUNNING>UPGRADING:upgrading", "UPGRADING>RUNNING:upgraded");
    }
    try (FileStateStore store = open(2)) { // a smaller limit drops more than one
      store.transition(WEB_1, NodeLifecycle.UPGRADING, "again");
      assertThat(targets(store.history(WEB_1))).containsExactly("UPGRADING>RUNNING:upgraded", "RUNNING>UPGRADING:again");
      store.compact();
    }
    try (FileStateStore store = open(2)) {
      assertThat(targets(store.history(WEB_1))).containsExactly("UPGRADING>RUNNING:upgraded", "RUNNING>UPGRADING:again");
      assertThat(store.verify().problems()).isEmpty();
    }
  }

  @Test
  void anUndecodedRecordIsWrittenBackByteForByte() throws IOException {
    try (FileStateStore store = open(20)) {
      store.create(WEB_1, "node", Optional.empty(), "wanted");
      store.create(WEB_2, "node", Optional.empty(), "wanted");
      store.compact();
    }
    String before = Files.readString(dir.resolve("state.json"));
    try (FileStateStore store = open(20)) {
      store.compact(); // nothing decoded
    }
    assertThat(recordLines(Files.readString(dir.resolve("state.json")))).isEqualTo(recordLines(before));
  }

  @Test
  void aRecordThatPassesItsChecksumButCannotBeDecodedIsReportedWhenUsedAndByVerify() throws IOException {
    try (FileStateStore store = open(20)) {
      store.create(WEB_1, "node", Optional.empty(), "wanted");
      store.create(WEB_2, "node", Optional.empty(), "wanted");
      store.compact();
    }
    Path snapshot = dir.resolve("state.json");
    String text = Files.readString(snapshot);
    String web1 = recordLines(text).get(0);
    assertThat(web1).contains("\"version\":1");
    writeWithChecksum(snapshot, text.replace(web1, web1.replace("\"version\":1", "\"version\":0")));

    try (FileStateStore store = open(20)) {
      assertThat(store.find(WEB_2)).isPresent();
      assertThatThrownBy(() -> store.find(WEB_1))
          .isInstanceOf(StoreCorruptedException.class)
          .hasMessageContaining("The stored record node/web-1@local cannot be read")
          .hasMessageContaining("Record versions start at 1")
          .hasMessageContaining("steward state verify");
      assertThat(store.verify().problems()).anySatisfy(p -> assertThat(p).contains("node/web-1@local").contains("versions start at 1"));
    }
  }

  private static List<String> recordLines(String snapshot) {
    List<String> lines = new ArrayList<>();
    for (String line : snapshot.split("\n")) {
      if (line.startsWith("    \"")) {
        lines.add(line);
      }
    }
    return lines;
  }

  /** Writes a snapshot with its records checksum recomputed, as a buggy or malicious writer could. */
  private static void writeWithChecksum(Path snapshot, String text) throws IOException {
    CRC32C crc = new CRC32C();
    for (String line : recordLines(text)) {
      String body = line.strip();
      if (body.endsWith(",")) {
        body = body.substring(0, body.length() - 1);
      }
      int colon = body.indexOf("\":") + 1;
      crc.update(body.substring(0, colon).getBytes(StandardCharsets.UTF_8));
      crc.update(body.substring(colon + 1).getBytes(StandardCharsets.UTF_8));
    }
    String fixed = text.replaceFirst("\"records_crc32c\": \"[0-9a-f]{8}\"", "\"records_crc32c\": \"" + String.format("%08x", crc.getValue()) + "\"");
    Files.writeString(snapshot, fixed);
  }
}
