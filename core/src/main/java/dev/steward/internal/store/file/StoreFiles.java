package dev.steward.internal.store.file;

import dev.steward.internal.io.DurableWrite;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The files of one state directory: their names and modes, and every way one of them is written
 * or replaced. All writes go through {@link DurableWrite}, the one durable-write primitive Steward
 * has, with this store's {@link FileOps} so that tests can fail any step. The snapshot is only
 * ever replaced by rename, never changed in place. Holds no mutable state: thread-safe, though
 * replacing files is done under the process lock by its callers.
 */
final class StoreFiles {
  private static final Logger LOG = LoggerFactory.getLogger(StoreFiles.class);

  static final String SNAPSHOT = "state.json";
  static final String GOOD = "state.json.good";
  static final String JOURNAL = "journal.log";
  static final String PREVIOUS_JOURNAL = "journal.log.prev";
  static final String LOCK = "lock";

  static final Set<PosixFilePermission> FILE_MODE = DurableWrite.FILE_MODE;
  static final Set<PosixFilePermission> DIR_MODE = PosixFilePermissions.fromString("rwx------");
  /** How temp files were named before they had one name scheme with every other durable write. */
  private static final String OLD_TEMP_GLOB = "*.tmp-*";

  final Path dir;
  final FileOps ops;

  StoreFiles(Path dir, FileOps ops) {
    this.dir = dir;
    this.ops = ops;
  }

  Path snapshot() {
    return dir.resolve(SNAPSHOT);
  }

  Path good() {
    return dir.resolve(GOOD);
  }

  Path journal() {
    return dir.resolve(JOURNAL);
  }

  Path previousJournal() {
    return dir.resolve(PREVIOUS_JOURNAL);
  }

  /** A new temp name beside {@code name}; leftovers of a crash are removed under the lock. */
  Path tempBeside(String name) {
    return DurableWrite.tempFor(dir.resolve(name));
  }

  /** Writes {@code bytes} to a new temp file beside {@code name}, forced to disk. */
  Path writeTemp(String name, byte[] bytes) throws IOException {
    return DurableWrite.writeTemp(dir.resolve(name), bytes, ops);
  }

  /** Atomically replaces {@code target} with {@code bytes}: temp file, fsync, rename, fsync of the directory. */
  void writeDurably(Path target, byte[] bytes) throws IOException {
    DurableWrite.replace(target, bytes, ops);
  }

  /**
   * Makes a written and forced snapshot and journal current: the old snapshot becomes the last good
   * copy (unless it is the damaged one being recovered from), the old journal the previous one.
   * The snapshot goes first, so the journal that is current at any moment continues it; a crash
   * between the journal's two renames leaves the previous journal, which opening then reads.
   */
  void rotate(Path snapshotTmp, boolean keepOldAsGood, Path journalTmp) throws IOException {
    Path snapshot = snapshot();
    if (keepOldAsGood && Files.exists(snapshot)) {
      keepAsGood(snapshot);
    }
    ops.rename(snapshotTmp, snapshot);
    ops.forceDirectory(dir);
    Path journalPath = journal();
    if (Files.exists(journalPath)) {
      ops.rename(journalPath, previousJournal());
    }
    ops.rename(journalTmp, journalPath);
    ops.forceDirectory(dir);
  }

  /**
   * Makes {@code snapshot} the last good copy: a hard link to it under a temp name, renamed over
   * the old copy, so nothing is copied. Where the file system has no hard links, the bytes are
   * copied.
   */
  private void keepAsGood(Path snapshot) throws IOException {
    Path good = good();
    Path tmp = tempBeside(GOOD);
    try {
      ops.link(snapshot, tmp);
    } catch (IOException | UnsupportedOperationException e) {
      LOG.debug("Could not link {} as the last good copy ({}); copying it", snapshot, e.toString());
      Files.deleteIfExists(tmp);
      writeDurably(good, Files.readAllBytes(snapshot));
      return;
    }
    try {
      ops.rename(tmp, good);
      ops.forceDirectory(dir);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  static void prepareDirectory(Path dir) throws IOException {
    if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
      Files.createDirectories(dir.getParent());
      try {
        Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(DIR_MODE));
      } catch (FileAlreadyExistsException e) {
        // another process created it first
      }
    }
    if (!Files.isDirectory(dir)) {
      throw new IOException(dir + " exists but is not a directory");
    }
    Set<PosixFilePermission> mode = Files.getPosixFilePermissions(dir);
    if (!mode.equals(DIR_MODE)) {
      LOG.warn("State directory {} had mode {}; setting it to rwx------", dir, PosixFilePermissions.toString(mode));
      Files.setPosixFilePermissions(dir, DIR_MODE);
    }
  }

  /**
   * Removes temp files of writes interrupted by a crash, named as now or as before; only under
   * the lock, when no one writes.
   */
  void removeLeftovers() throws IOException {
    for (String glob : List.of(".*.tmp", OLD_TEMP_GLOB)) {
      try (var stream = Files.newDirectoryStream(dir, glob)) {
        for (Path leftover : stream) {
          LOG.info("Removing {}, left by a write that was interrupted", leftover);
          Files.deleteIfExists(leftover);
        }
      }
    }
  }

  void fixModes() throws IOException {
    for (Path file : new Path[] {snapshot(), good(), journal(), previousJournal()}) {
      if (Files.exists(file)) {
        Set<PosixFilePermission> mode = Files.getPosixFilePermissions(file);
        if (!mode.equals(FILE_MODE)) {
          LOG.warn("State file {} had mode {}, readable or writable by others; setting it to rw-------", file,
              PosixFilePermissions.toString(mode));
          Files.setPosixFilePermissions(file, EnumSet.copyOf(FILE_MODE));
        }
      }
    }
  }

  static void checkMode(Path file, Set<PosixFilePermission> expected, List<String> problems) throws IOException {
    Set<PosixFilePermission> mode = Files.getPosixFilePermissions(file);
    if (!mode.equals(expected)) {
      problems.add(file + " has mode " + PosixFilePermissions.toString(mode) + ", expected " + PosixFilePermissions.toString(expected));
    }
  }

  /** Tells a file from the one that replaced it under the same name (null when there is none). */
  static Object fileKey(Path file) throws IOException {
    try {
      return Files.readAttributes(file, BasicFileAttributes.class).fileKey();
    } catch (NoSuchFileException e) {
      return null;
    }
  }

  /**
   * The whole file, read into one array in 1 MiB steps: {@code Files.readAllBytes} reads it in one
   * step through a temporary native buffer as large as the file, which costs a second copy.
   */
  static byte[] readFully(Path file) throws IOException {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = channel.size();
      if (size > Integer.MAX_VALUE - 16) {
        throw new IOException(file + " is " + size + " bytes, too large to read");
      }
      byte[] bytes = new byte[(int) size];
      int at = 0;
      while (at < bytes.length) {
        int n = channel.read(ByteBuffer.wrap(bytes, at, Math.min(1 << 20, bytes.length - at)), at);
        if (n < 0) {
          break; // shorter than it was a moment ago: the checks of the content will say so
        }
        at += n;
      }
      return at == bytes.length ? bytes : Arrays.copyOf(bytes, at);
    }
  }

  static void closeQuietly(FileChannel channel) {
    if (channel != null) {
      try {
        channel.close();
      } catch (IOException e) {
        LOG.debug("Closing a journal channel", e);
      }
    }
  }

  static String describe(Throwable e) {
    String message = e.getMessage();
    if (e instanceof NoSuchFileException) {
      return "no such file: " + message;
    }
    if (e instanceof AccessDeniedException) {
      return "permission denied: " + message;
    }
    return message == null ? e.getClass().getSimpleName() : message;
  }
}
