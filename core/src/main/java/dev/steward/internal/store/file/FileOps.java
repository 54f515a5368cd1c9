package dev.steward.internal.store.file;

import dev.steward.internal.io.DurableWrite;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The I/O steps of a durable commit, one method each, so tests can make any single step fail and
 * check that the store stays loadable and consistent. The steps of a durable write
 * ({@link DurableWrite.Steps}) and a hard link.
 */
public interface FileOps extends DurableWrite.Steps {
  /** Makes {@code link} a new hard link to {@code existing} (same directory). */
  void link(Path existing, Path link) throws IOException;

  /** The real steps. */
  FileOps DURABLE = new FileOps() {
    @Override
    public void write(FileChannel channel, ByteBuffer data, long position) throws IOException {
      DurableWrite.SYSTEM.write(channel, data, position);
    }

    @Override
    public void force(FileChannel channel) throws IOException {
      DurableWrite.SYSTEM.force(channel);
    }

    @Override
    public void rename(Path from, Path to) throws IOException {
      DurableWrite.SYSTEM.rename(from, to);
    }

    @Override
    public void forceDirectory(Path directory) throws IOException {
      DurableWrite.SYSTEM.forceDirectory(directory);
    }

    @Override
    public void link(Path existing, Path link) throws IOException {
      Files.createLink(link, existing);
    }
  };
}
