package dev.steward.process.internal;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The last lines of a node's log, for error messages. Thread-safe: no state. */
public final class LogTail {
  /** Read at most this much from the end: a log may be huge, a message must not be. */
  private static final int WINDOW = 8192;
  private static final int LINE_LIMIT = 300;

  private LogTail() {}

  /** Up to {@code lines} last lines of {@code file}, oldest first; empty when it cannot be read. */
  public static List<String> of(Path file, int lines) {
    try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
      long length = in.length();
      int size = (int) Math.min(WINDOW, length);
      byte[] bytes = new byte[size];
      in.seek(length - size);
      in.readFully(bytes);
      return lastLines(new String(bytes, StandardCharsets.UTF_8), lines, size < length);
    } catch (IOException e) {
      return List.of();
    }
  }

  /** The last {@code count} non-blank lines of {@code text}, control characters escaped, long lines cut. */
  static List<String> lastLines(String text, int count, boolean truncatedAtStart) {
    String[] all = text.split("\r?\n", -1);
    List<String> kept = new ArrayList<>();
    // When the window cut into the file, its first line is only the end of a line: drop it.
    int first = truncatedAtStart ? 1 : 0;
    for (int i = all.length - 1; i >= first && kept.size() < count; i--) {
      if (!all[i].isBlank()) {
        kept.add(0, printable(all[i]));
      }
    }
    return kept;
  }

  private static String printable(String line) {
    StringBuilder out = new StringBuilder(Math.min(line.length(), LINE_LIMIT));
    for (int i = 0; i < line.length() && out.length() < LINE_LIMIT; i++) {
      char c = line.charAt(i);
      if ((c < 0x20 && c != '\t') || c == 0x7f) {
        out.append(String.format("\\x%02x", (int) c));
      } else {
        out.append(c);
      }
    }
    if (out.length() >= LINE_LIMIT && line.length() > LINE_LIMIT) {
      out.append("...");
    }
    return out.toString();
  }
}
