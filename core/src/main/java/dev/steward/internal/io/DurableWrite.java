package dev.steward.internal.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.UUID;

/**
 * The one way Steward replaces a file durably: a temp file beside it (mode 0600, named
 * {@code .NAME.PID-RANDOM.tmp}), written and forced to disk, renamed over the file, and the
 * directory forced, so readers and crashes only ever see the old or the new content. The public
 * {@link dev.steward.spi.support.AtomicFiles} and the file store both write through it; the store passes its
 * own {@link Steps} so that tests can make any one step fail. Stateless and thread-safe.
 */
public final class DurableWrite {
  /** Owner read and write only: state, records and status may hold what others must not read. */
  public static final Set<PosixFilePermission> FILE_MODE = PosixFilePermissions.fromString("rw-------");

  private static final FileAttribute<Set<PosixFilePermission>> FILE_ATTRIBUTE = PosixFilePermissions.asFileAttribute(FILE_MODE);
  /** Hidden, so a listing of the directory skips it, and ending in {@code .tmp}, so it is known for what it is. */
  private static final String TEMP_SUFFIX = ".tmp";

  /** The I/O steps of a durable write, one method each. */
  public interface Steps {
    /** Writes all of {@code data} at {@code position}. */
    void write(FileChannel channel, ByteBuffer data, long position) throws IOException;

    /** Forces the file's data to disk (fsync / fdatasync). */
    void force(FileChannel channel) throws IOException;

    /** Atomically renames {@code from} over {@code to} (same directory). */
    void rename(Path from, Path to) throws IOException;

    /** Forces a directory's entries to disk, after a create or a rename in it. */
    void forceDirectory(Path directory) throws IOException;
  }

  /** The real steps. */
  public static final Steps SYSTEM = new Steps() {
    @Override
    public void write(FileChannel channel, ByteBuffer data, long position) throws IOException {
      long at = position;
      while (data.hasRemaining()) {
        at += channel.write(data, at);
      }
    }

    @Override
    public void force(FileChannel channel) throws IOException {
      channel.force(false);
    }

    @Override
    public void rename(Path from, Path to) throws IOException {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    @Override
    public void forceDirectory(Path directory) throws IOException {
      try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
        dir.force(true);
      }
    }
  };

  private DurableWrite() {}

  /** Writes {@code bytes} as the new content of {@code file}, durably, mode 0600. */
  public static void replace(Path file, byte[] bytes, Steps steps) throws IOException {
    Path tmp = writeTemp(file, bytes, steps);
    try {
      steps.rename(tmp, file);
    } finally {
      Files.deleteIfExists(tmp);
    }
    steps.forceDirectory(file.toAbsolutePath().getParent());
  }

  /**
   * Writes {@code bytes} to a new temp file beside {@code file}, forced to disk, for the caller to
   * rename; removed again when that fails.
   */
  public static Path writeTemp(Path file, byte[] bytes, Steps steps) throws IOException {
    Path tmp = tempFor(file);
    try (FileChannel channel = FileChannel.open(tmp, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), FILE_ATTRIBUTE)) {
      steps.write(channel, ByteBuffer.wrap(bytes), 0);
      steps.force(channel);
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(tmp);
      throw e;
    }
    return tmp;
  }

  /** Opens a new, empty temp file beside {@code file} for reading and writing, mode 0600. */
  public static FileChannel createTemp(Path tmp) throws IOException {
    return FileChannel.open(tmp, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.READ, StandardOpenOption.WRITE),
        FILE_ATTRIBUTE);
  }

  /** A new temp name beside {@code file}: unique per process and call, so writers never share one. */
  public static Path tempFor(Path file) {
    Path dir = file.toAbsolutePath().getParent();
    return dir.resolve("." + file.getFileName() + "." + ProcessHandle.current().pid() + "-"
        + UUID.randomUUID().toString().substring(0, 8) + TEMP_SUFFIX);
  }

  /** True for a name that {@link #tempFor} makes, for any file. */
  public static boolean isTemp(Path file) {
    String name = file.getFileName().toString();
    return name.startsWith(".") && name.endsWith(TEMP_SUFFIX);
  }

  /** Removes the temp files that writers of {@code file} left when they crashed mid-write. */
  public static void removeLeftovers(Path file) throws IOException {
    Path dir = file.toAbsolutePath().getParent();
    try (DirectoryStream<Path> leftovers = Files.newDirectoryStream(dir, "." + file.getFileName() + ".*" + TEMP_SUFFIX)) {
      for (Path leftover : leftovers) {
        Files.deleteIfExists(leftover);
      }
    }
  }
}
