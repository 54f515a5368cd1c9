package dev.steward.internal.store.file;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Opening a store checks the journal's header without reading the whole journal. */
class JournalFirstLineTest {
  @TempDir
  Path dir;

  @Test
  void readsTheHeaderOfAJournalLongerThanTheReadLimit() throws IOException {
    ByteArrayOutputStream journal = new ByteArrayOutputStream();
    journal.write(Journal.header("lineage-1", 7));
    while (journal.size() < 3 * Journal.FIRST_LINE_LIMIT) {
      ObjectNode body = StateDocument.MAPPER.createObjectNode();
      body.put("serial", journal.size());
      body.put("op", "delete");
      body.put("key", "node/web-1@local");
      journal.write(Journal.line(body));
    }
    try (FileChannel channel = channelWith(journal.toByteArray())) {
      assertThat(Journal.firstLine(channel)).hasValueSatisfying(header -> {
        assertThat(header.path("journal").asInt()).isEqualTo(Journal.FORMAT);
        assertThat(header.path("lineage").asText()).isEqualTo("lineage-1");
        assertThat(header.path("base_serial").asLong()).isEqualTo(7);
      });
    }
  }

  @Test
  void findsNoFirstLineInAnEmptyOrTornOrDamagedJournal() throws IOException {
    byte[] header = Journal.header("lineage-1", 0);
    byte[] torn = java.util.Arrays.copyOf(header, header.length - 1);
    byte[] damaged = header.clone();
    damaged[12] ^= 1;
    for (byte[] content : new byte[][] {new byte[0], torn, damaged}) {
      try (FileChannel channel = channelWith(content)) {
        assertThat(Journal.firstLine(channel)).isEmpty();
      }
    }
  }

  private FileChannel channelWith(byte[] content) throws IOException {
    Path file = Files.createTempFile(dir, "journal", ".log");
    Files.write(file, content);
    return FileChannel.open(file, StandardOpenOption.READ);
  }
}
