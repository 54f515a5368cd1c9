package dev.steward.probe.ssh.internal;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.OptionalLong;

/**
 * Where SSHD writes one output stream of a command: keeps the first {@code limit} bytes, drops
 * and flags the rest. The stdout capture first reads the pid line {@link RemoteCommand} prints and
 * keeps it apart. Written by SSHD's I/O threads, read by the caller: thread-safe.
 */
final class OutputCapture extends OutputStream {
  private static final int MAX_PID_LINE = 24;

  private final int limit;
  private byte[] data;
  private int size;
  private boolean truncated;
  private boolean readingPid;
  private final StringBuilder pidLine = new StringBuilder();
  private long pid = -1;

  private OutputCapture(int limit, boolean readingPid) {
    this.limit = limit;
    this.data = new byte[Math.min(limit, 8192)];
    this.readingPid = readingPid;
  }

  static OutputCapture stdout(int limit) {
    return new OutputCapture(limit, true);
  }

  static OutputCapture stderr(int limit) {
    return new OutputCapture(limit, false);
  }

  @Override
  public synchronized void write(int b) {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public synchronized void write(byte[] bytes, int offset, int length) {
    int i = offset;
    int end = offset + length;
    while (readingPid && i < end) {
      char c = (char) (bytes[i] & 0xff);
      i++;
      if (c == '\n') {
        readingPid = false;
        parsePid();
      } else if (c >= '0' && c <= '9' && pidLine.length() < MAX_PID_LINE) {
        pidLine.append(c);
      } else {
        // Not our pid line (a chatty login script?): keep everything as output.
        readingPid = false;
        byte[] seen = pidLine.toString().getBytes(StandardCharsets.US_ASCII);
        pidLine.setLength(0);
        append(seen, 0, seen.length);
        append(bytes, i - 1, 1);
      }
    }
    append(bytes, i, end - i);
  }

  private void parsePid() {
    if (pidLine.length() > 0) {
      pid = Long.parseLong(pidLine.toString());
    }
  }

  private void append(byte[] bytes, int offset, int length) {
    if (length <= 0) {
      return;
    }
    int take = Math.min(limit - size, length);
    if (take > 0) {
      if (size + take > data.length) {
        data = java.util.Arrays.copyOf(data, (int) Math.min(limit, Math.max(size + (long) take, data.length * 2L)));
      }
      System.arraycopy(bytes, offset, data, size, take);
      size += take;
    }
    if (take < length) {
      truncated = true;
    }
  }

  synchronized String text() {
    return new String(data, 0, size, StandardCharsets.UTF_8);
  }

  synchronized boolean truncated() {
    return truncated;
  }

  /** The pid the remote shell printed, once it did. */
  synchronized OptionalLong pid() {
    return pid > 0 ? OptionalLong.of(pid) : OptionalLong.empty();
  }
}
