package dev.steward;

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
 * Replacing a small file so that readers and crashes only ever see the old or the new content,
 * never a part: a temp file beside it (mode 0600, named {@code .NAME.PID-RANDOM.tmp}), forced to
 * disk, renamed over the file, and the directory forced. For state files, records and status.
 */
public final class AtomicFiles {
  private static final FileAttribute<Set<PosixFilePermission>> MODE_0600 =
      PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));

  private AtomicFiles() {}

  /** Writes {@code bytes} as the new content of {@code file}, durably, mode 0600. */
  public static void write(Path file, byte[] bytes) throws IOException {
    Path dir = file.toAbsolutePath().getParent();
    Path tmp = dir.resolve("." + file.getFileName() + "." + ProcessHandle.current().pid() + "-"
        + UUID.randomUUID().toString().substring(0, 8) + ".tmp");
    try {
      try (FileChannel channel = FileChannel.open(tmp, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), MODE_0600)) {
        ByteBuffer data = ByteBuffer.wrap(bytes);
        while (data.hasRemaining()) {
          channel.write(data);
        }
        channel.force(false);
      }
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(tmp);
      throw e;
    }
    forceDirectory(dir);
  }

  /** Forces a directory's entries to disk, after a create, rename or delete in it. */
  public static void forceDirectory(Path dir) throws IOException {
    try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
      channel.force(true);
    }
  }

  /** Removes the temp files that writers of {@code file} left when they crashed mid-write. */
  public static void removeLeftovers(Path file) throws IOException {
    Path dir = file.toAbsolutePath().getParent();
    try (DirectoryStream<Path> leftovers = Files.newDirectoryStream(dir, "." + file.getFileName() + ".*.tmp")) {
      for (Path leftover : leftovers) {
        Files.deleteIfExists(leftover);
      }
    }
  }
}
