package dev.steward.internal.proc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcReaderTest {
  private static final String HEADER = "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n";

  @TempDir
  Path temp;

  private final ProcReader reader = new ProcReader();

  @Test
  @DisplayName("reads a TCP table up to, not including, the first line that is not a listening socket")
  void stopsAtTheFirstConnection() throws IOException {
    String listening = line(0, "0A") + line(1, "0a");
    Path table = write(HEADER + listening + line(2, "01") + line(3, "0A") + line(4, "06"));

    assertThat(reader.readListeningTcp(table).text(StandardCharsets.ISO_8859_1)).isEqualTo(HEADER + listening);
  }

  @Test
  @DisplayName("reads a TCP table of listening sockets only to its end, however long")
  void readsAllListeningSockets() throws IOException {
    StringBuilder text = new StringBuilder(HEADER);
    for (int i = 0; i < 700; i++) {
      text.append(line(i, "0A"));
    }
    Path table = write(text.toString());

    assertThat(reader.readListeningTcp(table).text(StandardCharsets.ISO_8859_1)).isEqualTo(text.toString());
  }

  @Test
  @DisplayName("leaves a line it cannot read in, for the parser to report")
  void keepsAnOddLineForTheParser() throws IOException {
    Path table = write(HEADER + "garbage\n" + line(1, "01"));

    assertThat(reader.readListeningTcp(table).text(StandardCharsets.ISO_8859_1)).isEqualTo(HEADER + "garbage\n");
  }

  @Test
  void readsFilesLargerThanItsBufferWhole() throws IOException {
    String text = "x".repeat(100_000) + "\n" + "y".repeat(3000);
    Path file = write(text);

    assertThat(reader.read(file).text(StandardCharsets.ISO_8859_1)).isEqualTo(text);
    assertThat(reader.readTable(file).text(StandardCharsets.ISO_8859_1)).isEqualTo(text);
    assertThat(reader.read(write("short")).length()).isEqualTo(5);
  }

  @Test
  void aMissingFileIsNoSuchFile() {
    assertThatThrownBy(() -> reader.read(temp.resolve("4242/environ"))).isInstanceOf(NoSuchFileException.class)
        .hasMessage(temp.resolve("4242/environ").toString());
  }

  private static String line(int slot, String state) {
    return String.format("%4d: 00000000:1F90 00000000:0000 %s 00000000:00000000 00:00000000 00000000     0        0 %d 1 0000000000000000 100 0 0 10 0%n",
        slot, state, 1000 + slot);
  }

  private Path write(String text) throws IOException {
    Path file = Files.createTempFile(temp, "table", "");
    Files.writeString(file, text, StandardCharsets.ISO_8859_1);
    return file;
  }
}
