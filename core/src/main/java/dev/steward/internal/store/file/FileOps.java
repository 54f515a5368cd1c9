package dev.steward.internal.store.file;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;

/**
 * The I/O steps of a durable commit, one method each, so tests can make any single step fail and
 * check that the store stays loadable and consistent.
 */
public interface FileOps {
  /** Writes all of {@code data} at {@code position}. */
  void write(FileChannel channel, ByteBuffer data, long position) throws IOException;

  /** Forces the file's data to disk (fsync / fdatasync). */
  void force(FileChannel channel) throws IOException;

  /** Atomically renames {@code from} over {@code to} (same directory). */
  void rename(Path from, Path to) throws IOException;

  /** Forces a directory's entries to disk, after a create or a rename in it. */
  void forceDirectory(Path directory) throws IOException;

  /** Makes {@code link} a new hard link to {@code existing} (same directory). */
  void link(Path existing, Path link) throws IOException;

  /** The real steps. */
  FileOps DURABLE = new FileOps() {
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
      java.nio.file.Files.move(from, to, java.nio.file.StandardCopyOption.ATOMIC_MOVE,
          java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    @Override
    public void forceDirectory(Path directory) throws IOException {
      try (FileChannel dir = FileChannel.open(directory, java.nio.file.StandardOpenOption.READ)) {
        dir.force(true);
      }
    }

    @Override
    public void link(Path existing, Path link) throws IOException {
      java.nio.file.Files.createLink(link, existing);
    }
  };
}
