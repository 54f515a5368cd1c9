package dev.steward.store;

import dev.steward.internal.store.file.FileOps;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;

/** The real I/O steps, for test ops that change only some of them. */
abstract class RealOps implements FileOps {
  @Override
  public void write(FileChannel channel, ByteBuffer data, long position) throws IOException {
    FileOps.DURABLE.write(channel, data, position);
  }

  @Override
  public void force(FileChannel channel) throws IOException {
    FileOps.DURABLE.force(channel);
  }

  @Override
  public void rename(Path from, Path to) throws IOException {
    FileOps.DURABLE.rename(from, to);
  }

  @Override
  public void forceDirectory(Path directory) throws IOException {
    FileOps.DURABLE.forceDirectory(directory);
  }

  @Override
  public void link(Path existing, Path link) throws IOException {
    FileOps.DURABLE.link(existing, link);
  }
}
