package dev.steward.internal.proc;

import java.io.FileInputStream;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Reads {@code /proc} files into one reused buffer, with as few system calls as the kernel allows:
 * open, read until the end, close, and no {@code fstat} (a {@code /proc} file has no size to ask
 * for). Each {@link ProcScan} has one; not thread-safe.
 */
final class ProcReader {
  /** Reads stay at or under the JDK's stack buffer, which spares a malloc per read. */
  private static final int CHUNK = 8192;
  /**
   * A socket table read that returns less than this has reached the end: the kernel's seq_file
   * only ends a read early at the end of the table or when the next line (under 200 bytes) would
   * not fit its buffer of at least a page (4096 bytes). Stopping there spares the last, empty read,
   * which in {@code /proc/net/tcp} costs a walk over the whole established-connections hash
   * (262,144 buckets on a host with 24 GiB of memory).
   */
  private static final int SHORT_TABLE_READ = 4096 - 1024;
  /**
   * Less than two lines of {@code /proc/net/tcp}: the kernel stops filling a read once it holds
   * this much, and looks for one more line before it stops, so small reads keep that look-ahead
   * (a walk through hash buckets to the next socket) to one line past the first connection.
   */
  private static final int LISTEN_CHUNK = 256;

  private byte[] buffer = new byte[4 * CHUNK];
  private int length;

  /** Reads {@code file} whole; its bytes are in {@link #bytes()} up to {@link #length()} until the next read. */
  ProcReader read(Path file) throws IOException {
    return read(file, false);
  }

  /** Reads a {@code /proc/net} socket table, stopping after the first clearly short read. */
  ProcReader readTable(Path file) throws IOException {
    return read(file, true);
  }

  /**
   * Reads the listening sockets of {@code /proc/net/tcp} or {@code tcp6}: the header and the lines
   * up to, not including, the first line of another state. The kernel lists its listening hash
   * before its connections, so no LISTEN line can follow; stopping there spares formatting every
   * connection and walking the whole established-connections hash, which is most of the cost of
   * reading the table on a busy host. Reads are small so that the kernel looks only a line or two
   * ahead of what was asked for.
   */
  ProcReader readListeningTcp(Path file) throws IOException {
    length = 0;
    int lineStart = 0;
    boolean header = true;
    try (FileInputStream in = new FileInputStream(file.toFile())) {
      while (true) {
        if (buffer.length - length < LISTEN_CHUNK) {
          buffer = Arrays.copyOf(buffer, buffer.length * 2);
        }
        int n = in.read(buffer, length, LISTEN_CHUNK);
        if (n <= 0) {
          return this;
        }
        int end = length + n;
        for (int i = length; i < end; i++) {
          if (buffer[i] != '\n') {
            continue;
          }
          if (!header && !isListenLine(lineStart, i)) {
            length = lineStart;
            return this;
          }
          header = false;
          lineStart = i + 1;
        }
        length = end;
      }
    } catch (java.io.FileNotFoundException e) {
      throw asNio(file, e);
    }
  }

  /** Whether the line from {@code start} to {@code end} has state {@code 0A} (LISTEN) in its fourth field. */
  private boolean isListenLine(int start, int end) {
    int field = 0;
    int i = start;
    while (i < end) {
      while (i < end && buffer[i] == ' ') {
        i++;
      }
      int fieldStart = i;
      while (i < end && buffer[i] != ' ') {
        i++;
      }
      if (i > fieldStart && ++field == 4) {
        // Anything unexpected counts as a listening line, so the parser sees it and reports it.
        return i - fieldStart != 2 || buffer[fieldStart] == '0' && (buffer[fieldStart + 1] | 0x20) == 'a';
      }
    }
    return true;
  }

  private ProcReader read(Path file, boolean table) throws IOException {
    length = 0;
    try (FileInputStream in = new FileInputStream(file.toFile())) {
      while (true) {
        if (buffer.length - length < CHUNK) {
          buffer = Arrays.copyOf(buffer, buffer.length * 2);
        }
        int n = in.read(buffer, length, CHUNK);
        if (n <= 0) {
          return this;
        }
        length += n;
        if (table && n < SHORT_TABLE_READ) {
          return this;
        }
      }
    } catch (java.io.FileNotFoundException e) {
      // FileInputStream says "No such file" and "Permission denied" alike; tell them apart as NIO does.
      throw asNio(file, e);
    }
  }

  byte[] bytes() {
    return buffer;
  }

  int length() {
    return length;
  }

  String text(Charset charset) {
    return new String(buffer, 0, length, charset);
  }

  /** Whether the bytes read contain {@code needle}. */
  boolean contains(byte[] needle) {
    outer:
    for (int i = 0; i <= length - needle.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (buffer[i + j] != needle[j]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }

  private static IOException asNio(Path file, java.io.FileNotFoundException e) {
    String message = String.valueOf(e.getMessage());
    if (message.endsWith("(No such file or directory)") || message.endsWith("(No such process)")) {
      return new java.nio.file.NoSuchFileException(file.toString());
    }
    if (message.endsWith("(Permission denied)")) {
      return new java.nio.file.AccessDeniedException(file.toString());
    }
    return e;
  }
}
