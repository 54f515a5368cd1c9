package dev.steward.internal.status;

import dev.steward.status.InstanceRunningException;
import dev.steward.status.StatusLocation;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * One instance per status name: an OS lock ({@code fcntl}) on {@code <name>.lock}, which holds the
 * holder's pid. The OS drops it when the process dies, so it never goes stale, and the socket file
 * can then be judged by the lock alone: whoever holds the lock owns the socket name.
 *
 * <p>An fcntl lock belongs to the process, and closing <em>any</em> channel on the file drops it;
 * so this JVM keeps a table of the locks it holds and never opens a held lock file a second time.
 * Thread-safe.
 */
public final class InstanceLock implements AutoCloseable {
  private static final Map<Path, InstanceLock> HELD = new HashMap<>();

  private final Path key;
  private final FileChannel channel;
  private final FileLock lock;

  private InstanceLock(Path key, FileChannel channel, FileLock lock) {
    this.key = key;
    this.channel = channel;
    this.lock = lock;
  }

  /** @throws InstanceRunningException naming the holder's pid when another instance holds it */
  public static InstanceLock acquire(StatusLocation location) throws IOException {
    Path file = location.lock();
    Path key = file.getParent().toRealPath().resolve(file.getFileName());
    long self = ProcessHandle.current().pid();
    synchronized (HELD) {
      if (HELD.containsKey(key)) {
        throw new InstanceRunningException(location, self);
      }
      FileChannel channel = FileChannel.open(key, Set.of(StandardOpenOption.CREATE, StandardOpenOption.READ,
          StandardOpenOption.WRITE), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      FileLock lock;
      try {
        lock = channel.tryLock();
      } catch (OverlappingFileLockException e) {
        lock = null;
      } catch (IOException | RuntimeException e) {
        channel.close();
        throw e;
      }
      if (lock == null) {
        long holder = readPid(channel);
        channel.close();
        throw new InstanceRunningException(location, holder);
      }
      try {
        channel.truncate(0);
        channel.write(ByteBuffer.wrap((self + "\n").getBytes(StandardCharsets.US_ASCII)), 0);
        channel.force(false);
      } catch (IOException e) {
        channel.close();
        throw e;
      }
      InstanceLock held = new InstanceLock(key, channel, lock);
      HELD.put(key, held);
      return held;
    }
  }

  private static long readPid(FileChannel channel) {
    try {
      ByteBuffer buffer = ByteBuffer.allocate(32);
      channel.read(buffer, 0);
      String text = new String(buffer.array(), 0, buffer.position(), StandardCharsets.US_ASCII).strip();
      return text.isEmpty() ? -1 : Long.parseLong(text);
    } catch (IOException | NumberFormatException e) {
      return -1;
    }
  }

  /**
   * Releases the lock. The file stays: removing it would let a newcomer lock a fresh file while a
   * third process still waits on the old one.
   */
  @Override
  public void close() {
    synchronized (HELD) {
      if (HELD.remove(key) == this) {
        try {
          lock.release();
        } catch (IOException e) {
          // the channel close below releases it as well
        }
        try {
          channel.close();
        } catch (IOException e) {
          // nothing is held any more
        }
      }
    }
  }
}
