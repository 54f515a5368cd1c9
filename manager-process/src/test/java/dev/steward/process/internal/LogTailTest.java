package dev.steward.process.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogTailTest {
  @TempDir
  Path dir;

  @Test
  void keepsTheLastNonBlankLinesOldestFirst() throws IOException {
    Path log = Files.writeString(dir.resolve("a.log"), "one\ntwo\n\nthree\r\nfour\n\n");

    assertThat(LogTail.of(log, 3)).containsExactly("two", "three", "four");
  }

  @Test
  void readsOnlyTheEndOfAHugeLogAndDropsTheCutLine() throws IOException {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < 100_000; i++) {
      text.append("line ").append(i).append('\n');
    }
    Path log = Files.writeString(dir.resolve("big.log"), text);

    assertThat(LogTail.of(log, 2)).containsExactly("line 99998", "line 99999");
    assertThat(LogTail.of(log, 10_000)).allMatch(l -> l.startsWith("line ")).last().isEqualTo("line 99999");
  }

  @Test
  void escapesControlCharactersAndCutsLongLines() throws IOException {
    Path log = Files.writeString(dir.resolve("c.log"), "bell\u0007 here\n" + "x".repeat(1000) + "\n");

    assertThat(LogTail.of(log, 2)).containsExactly("bell\\x07 here", "x".repeat(300) + "...");
  }

  @Test
  void aMissingLogHasNoLines() {
    assertThat(LogTail.of(dir.resolve("missing.log"), 5)).isEmpty();
  }
}
