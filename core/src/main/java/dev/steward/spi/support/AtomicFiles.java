package dev.steward.spi.support;

import dev.steward.internal.io.DurableWrite;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Replacing a small file so that readers and crashes only ever see the old or the new content,
 * never a part: a temp file beside it (mode 0600, named {@code .NAME.PID-RANDOM.tmp}), forced to
 * disk, renamed over the file, and the directory forced. For state files, records and status.
 * The file store's engine writes its files the same way, through the same code.
 */
public final class AtomicFiles {
  private AtomicFiles() {}

  /** Writes {@code bytes} as the new content of {@code file}, durably, mode 0600. */
  public static void write(Path file, byte[] bytes) throws IOException {
    DurableWrite.replace(file, bytes, DurableWrite.SYSTEM);
  }

  /** Forces a directory's entries to disk, after a create, rename or delete in it. */
  public static void forceDirectory(Path dir) throws IOException {
    DurableWrite.SYSTEM.forceDirectory(dir);
  }

  /** Removes the temp files that writers of {@code file} left when they crashed mid-write. */
  public static void removeLeftovers(Path file) throws IOException {
    DurableWrite.removeLeftovers(file);
  }
}
