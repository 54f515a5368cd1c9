package dev.steward.status;

import dev.steward.internal.status.StatusCodec;
import dev.steward.spi.support.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.Set;

/**
 * Reads and writes status files. A write never leaves a partial file: it goes to a temporary file
 * in the same directory, created 0600, forced to disk, renamed over the status file, and the
 * directory is forced too, so a reader sees the old status or the new one and a crash keeps the
 * last one. Thread-safe; two writers of one file must not run at once (the {@link
 * StatusPublisher} holds the instance lock).
 */
public final class StatusFile {
  static final FileAttribute<Set<PosixFilePermission>> DIR_0700 =
      PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"));

  private StatusFile() {}

  /** Writes {@code snapshot} to {@code file}, atomically and durably, mode 0600. */
  public static void write(Path file, StatusSnapshot snapshot) throws IOException {
    writeBytes(file, StatusCodec.toBytes(snapshot));
  }

  static void writeBytes(Path file, byte[] bytes) throws IOException {
    AtomicFiles.write(file, bytes);
  }

  /**
   * The status in {@code file}, or empty when there is no such file.
   *
   * @throws StatusFormatException when it is not a status this Steward can read (never misread)
   * @throws IOException when it cannot be read, e.g. it belongs to another user
   */
  public static Optional<StatusSnapshot> read(Path file) throws IOException {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
    return Optional.of(StatusCodec.fromBytes(bytes, "The status file " + file));
  }

  /** A status as the JSON the file holds and the socket's {@code status} answers. */
  public static byte[] toJson(StatusSnapshot snapshot) {
    return StatusCodec.toBytes(snapshot);
  }

  /**
   * A status from that JSON.
   *
   * @param source what the bytes are, for messages, e.g. a path
   * @throws StatusFormatException when it is not a status this Steward reads
   */
  public static StatusSnapshot fromJson(byte[] json, String source) {
    return StatusCodec.fromBytes(json, source);
  }

  /** Removes temporary files a crashed writer left next to {@code file}. */
  static void removeLeftovers(Path file) throws IOException {
    AtomicFiles.removeLeftovers(file);
  }
}
