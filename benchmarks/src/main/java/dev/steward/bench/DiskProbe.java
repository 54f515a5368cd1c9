package dev.steward.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;

/**
 * The physical limit of the disk under the benchmark: how many 4 KiB write + {@code force(false)}
 * (fdatasync, what the store's journal uses) pairs it completes per second, one after another.
 */
final class DiskProbe {
  static final int BLOCK = 4096;

  private DiskProbe() {}

  /** Rewrites the same 4 KiB block and forces it, for {@code duration}; returns forces per second. */
  static double overwriteRate(Path dir, Duration duration) {
    return run(dir.resolve("fsync-overwrite.bin"), duration, false);
  }

  /** Appends 4 KiB blocks and forces each (the file grows, so its size is forced too). */
  static double appendRate(Path dir, Duration duration) {
    return run(dir.resolve("fsync-append.bin"), duration, true);
  }

  private static double run(Path file, Duration duration, boolean append) {
    ByteBuffer block = ByteBuffer.allocateDirect(BLOCK);
    for (int i = 0; i < BLOCK; i++) {
      block.put(i, (byte) ('a' + i % 26));
    }
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
        StandardOpenOption.WRITE, StandardOpenOption.READ)) {
      // The block exists before timing starts, so "overwrite" measures data forces only.
      writeFully(channel, block, 0);
      channel.force(true);
      long position = append ? BLOCK : 0;
      long count = 0;
      long start = System.nanoTime();
      long deadline = start + duration.toNanos();
      long now;
      do {
        writeFully(channel, block, position);
        channel.force(false);
        if (append) {
          position += BLOCK;
        }
        count++;
        now = System.nanoTime();
      } while (now < deadline);
      return count / ((now - start) / 1e9);
    } catch (IOException e) {
      throw new UncheckedIOException("fsync probe on " + file, e);
    } finally {
      try {
        Files.deleteIfExists(file);
      } catch (IOException e) {
        // a leftover probe file is harmless
      }
    }
  }

  private static void writeFully(FileChannel channel, ByteBuffer block, long position) throws IOException {
    ByteBuffer view = block.duplicate().clear();
    long at = position;
    while (view.hasRemaining()) {
      at += channel.write(view, at);
    }
  }
}
