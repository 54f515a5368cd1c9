package dev.steward.internal.store.file;

import dev.steward.store.StoreLockedException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Exclusion between writers of one state directory: a {@link ReentrantLock} between threads of
 * this JVM and an OS lock ({@code fcntl}) on a dedicated lock file between processes.
 *
 * <p>{@code FileChannel.lock} is a POSIX record lock: closing <em>any</em> channel on the same
 * file in this JVM releases it. So the lock file is opened once per JVM, kept open, and never
 * opened by anything else. The OS drops the lock when the process dies, so it cannot go stale.
 * The holder writes its pid into the file so a waiter can name it.
 *
 * <p>The file is mapped into memory, and each process that takes the OS lock writes its pid and a
 * new generation number into it there, without a system call. A process that takes the lock and
 * finds its own pid and the generation it wrote itself knows that no other process held the lock
 * in between, so nothing else can have changed the state directory.
 */
final class ProcessLock {
  private static final Map<Path, ProcessLock> OPEN = new HashMap<>();

  private static final byte[] PID_LINE =
      String.format("%-20d%n", ProcessHandle.current().pid()).getBytes(StandardCharsets.US_ASCII);

  private final Path file;
  private final FileChannel channel;
  /**
   * The first {@link #MAPPED} bytes of the lock file: the holder's pid line, then the generation.
   * Null when this JVM cannot unmap a file (a mapping would keep the file system busy after close):
   * then the lock file is read and written with system calls.
   */
  private final MappedByteBuffer shared;
  /** Set, under the thread lock, when the last user let go and the mapping is gone. */
  private boolean unmapped;
  /** The generation this JVM wrote when it last took the OS lock; guarded by threads. */
  private long lastGeneration = -1;
  private final ReentrantLock threads = new ReentrantLock();
  private volatile FileLock held;
  // Set while the thread that holds `threads` finds the OS lock taken by another process.
  private volatile boolean awaitingOtherProcess;
  private int depth;
  private int users; // guarded by OPEN
  // Guarded by threads: how often in a row the OS lock passed to a waiting thread without being
  // released, whether the current holder got it that way, and who held it last.
  private int handOffs;
  private boolean handedOver;
  private Object lastUser;
  private boolean unbroken;

  /** Where the generation lies: past the 32 bytes a waiter reads to find the holder's pid. */
  private static final int GENERATION_AT = 64;
  private static final int MAPPED = 128;

  /** How many holders in a row may pass the OS lock on to a waiting thread of this JVM. */
  static final int MAX_HAND_OFFS = 64;

  /**
   * Unmaps a mapped buffer at once ({@code sun.misc.Unsafe.invokeCleaner}), or null when this JVM
   * does not allow it.
   */
  private static final java.lang.invoke.MethodHandle UNMAP = unmapper();

  private static java.lang.invoke.MethodHandle unmapper() {
    try {
      Class<?> unsafeClass = Class.forName("sun.misc.Unsafe");
      java.lang.reflect.Field field = unsafeClass.getDeclaredField("theUnsafe");
      field.setAccessible(true);
      return java.lang.invoke.MethodHandles.lookup()
          .findVirtual(unsafeClass, "invokeCleaner", java.lang.invoke.MethodType.methodType(void.class, ByteBuffer.class))
          .bindTo(field.get(null));
    } catch (ReflectiveOperationException | RuntimeException e) {
      return null;
    }
  }

  private ProcessLock(Path file, FileChannel channel) throws IOException {
    this.file = file;
    this.channel = channel;
    // Mapping a region past the end grows the file with zeros (an ftruncate that only grows), so
    // a lock file another process is writing its pid into at the same time loses nothing.
    this.shared = UNMAP == null ? null : channel.map(FileChannel.MapMode.READ_WRITE, 0, MAPPED);
  }

  /**
   * The one lock object of this JVM for {@code file}; each caller must {@link #unref} it once. The
   * file is known by the real path of its directory: a directory reached through a symlink and by
   * its own path must share one lock object, for a second channel on the file would fail to lock
   * it ({@code OverlappingFileLockException}) and, once closed, release the first one's lock.
   */
  static ProcessLock of(Path file) throws IOException {
    Path absolute = file.toAbsolutePath().normalize();
    Path key = absolute.getParent() == null ? absolute : absolute.getParent().toRealPath().resolve(absolute.getFileName());
    synchronized (OPEN) {
      ProcessLock lock = OPEN.get(key);
      if (lock == null) {
        FileChannel channel = FileChannel.open(key, java.util.Set.of(StandardOpenOption.CREATE, StandardOpenOption.READ,
            StandardOpenOption.WRITE), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try {
          lock = new ProcessLock(key, channel);
        } catch (IOException | RuntimeException e) {
          channel.close();
          throw e;
        }
        OPEN.put(key, lock);
      }
      lock.users++;
      return lock;
    }
  }

  /**
   * Gives up one {@link #of} reference. The last one closes the lock file, so a closed store keeps
   * no file of its directory open (the file system can be unmounted, the directory removed).
   */
  void unref() {
    synchronized (OPEN) {
      if (--users == 0) {
        OPEN.remove(file);
        if (shared != null) {
          // A closed store keeps nothing of its directory mapped either. Under the thread lock, so
          // no thread of a store closed meanwhile can touch the mapping once it is gone.
          threads.lock();
          try {
            unmapped = true;
            UNMAP.invoke(shared);
          } catch (Throwable e) {
            // the mapping stays until the buffer is collected
          } finally {
            threads.unlock();
          }
        }
        try {
          channel.close();
        } catch (IOException e) {
          // nothing is held any more; the descriptor is gone either way
        }
      }
    }
  }

  /** Held until closed. Reentrant within a thread. */
  interface Held extends AutoCloseable {
    @Override
    void close();
  }

  /**
   * Waits up to {@code timeout} for both locks.
   *
   * @throws StoreLockedException naming the holder when the wait runs out: another process by
   *     its pid, or another thread of this process
   */
  Held acquire(Path stateDir, Duration timeout) throws IOException {
    return acquire(stateDir, timeout, null);
  }

  /**
   * Like {@link #acquire(Path, Duration)}; {@code user} names the caller (a store), so that
   * {@link #unbrokenFor} can tell it that no one else has held the lock since it last did.
   */
  Held acquire(Path stateDir, Duration timeout, Object user) throws IOException {
    long deadline = System.nanoTime() + timeout.toNanos();
    try {
      // A holder that passed the OS lock on counted on a waiting thread to take it: a waiter that
      // gives up takes it anyway if it is free by then, so the OS lock is never left held by no one.
      if (!threads.tryLock(timeout.toNanos(), TimeUnit.NANOSECONDS) && !threads.tryLock()) {
        throw lockedWithinThisProcess(stateDir, timeout);
      }
    } catch (InterruptedException e) {
      if (threads.tryLock()) {
        try {
          if (depth == 0 && held != null) { // an OS lock passed on to no one: give it back
            handedOver = false;
            handOffs = 0;
            held.release();
            held = null;
          }
        } catch (IOException e2) {
          e.addSuppressed(e2);
        } finally {
          threads.unlock();
        }
      }
      Thread.currentThread().interrupt();
      throw new StoreLockedException(stateDir, -1, timeout);
    }
    try {
      if (unmapped) {
        throw new java.nio.channels.ClosedChannelException(); // the last user closed it meanwhile
      }
      boolean untouched = false;
      if (depth == 0 && held == null) {
        handedOver = false;
        handOffs = 0;
        FileLock lock;
        long pause = 200_000L;
        try {
          while ((lock = channel.tryLock()) == null) {
            awaitingOtherProcess = true;
            if (System.nanoTime() > deadline) {
              throw new StoreLockedException(stateDir, holderPid(), timeout);
            }
            LockSupport.parkNanos(pause);
            pause = Math.min(pause * 2, 20_000_000L);
          }
        } finally {
          awaitingOtherProcess = false;
        }
        held = lock;
        untouched = takeTurn();
      }
      if (depth == 0) {
        unbroken = (handedOver || untouched) && user != null && user == lastUser;
        lastUser = user;
      }
      depth++;
    } catch (IOException | RuntimeException e) {
      threads.unlock();
      throw e;
    }
    return this::release;
  }

  /**
   * Marks a new holding of the OS lock in the lock file: this pid (fixed width, so it replaces
   * the last holder's) and the next generation. True when the file still held this JVM's pid and
   * the generation it wrote last time, so no other process took the lock in between.
   */
  private boolean takeTurn() throws IOException {
    if (shared == null) {
      ByteBuffer turn = ByteBuffer.allocate(GENERATION_AT + Long.BYTES);
      while (turn.hasRemaining() && channel.read(turn, turn.position()) > 0) {
        // read what there is
      }
      long generation = turn.position() == turn.capacity() ? turn.getLong(GENERATION_AT) : 0;
      boolean ours = generation == lastGeneration && java.util.Arrays.equals(turn.array(), 0, PID_LINE.length, PID_LINE, 0,
          PID_LINE.length);
      lastGeneration = generation + 1;
      turn.clear();
      turn.put(PID_LINE).putLong(GENERATION_AT, lastGeneration).position(0);
      while (turn.hasRemaining()) {
        channel.write(turn, turn.position());
      }
      return ours;
    }
    long generation = shared.getLong(GENERATION_AT);
    boolean ours = generation == lastGeneration;
    for (int i = 0; i < PID_LINE.length && ours; i++) {
      ours = shared.get(i) == PID_LINE[i];
    }
    lastGeneration = generation + 1;
    shared.putLong(GENERATION_AT, lastGeneration);
    shared.put(0, PID_LINE);
    return ours;
  }

  /**
   * True when no other process has held the OS lock since {@code user} last held it (the lock was
   * passed from thread to thread, or the lock file shows no other holder), so no other process can
   * have changed the state directory meanwhile. Only for the current holder.
   */
  boolean unbrokenFor(Object user) {
    return threads.isHeldByCurrentThread() && unbroken && user == lastUser;
  }

  private void release() {
    try {
      depth--;
      if (depth == 0 && held != null) {
        // Another thread of this JVM is waiting: pass the OS lock on with the thread lock rather
        // than give it back and take it again (two system calls and a pid write per commit), a
        // bounded number of times in a row so other processes still get their turn.
        if (threads.hasQueuedThreads() && handOffs < MAX_HAND_OFFS) {
          handOffs++;
          handedOver = true;
          return;
        }
        handedOver = false;
        handOffs = 0;
        held.release();
        held = null;
      }
    } catch (IOException e) {
      throw new java.io.UncheckedIOException("Could not release the lock on " + file, e);
    } finally {
      threads.unlock();
    }
  }

  /**
   * The wait for the thread lock ran out, so another thread of this JVM has it. Usually that thread
   * holds the OS lock as well; but when it is itself waiting for another process, that process is
   * what blocks everyone, and the message names it rather than this process.
   */
  private StoreLockedException lockedWithinThisProcess(Path stateDir, Duration timeout) {
    long self = ProcessHandle.current().pid();
    if (awaitingOtherProcess && held == null) {
      long other = holderPid();
      if (other > 0 && other != self) {
        return new StoreLockedException(stateDir, other, "process " + other
            + " (another thread of this process, pid " + self + ", is waiting for it too)", timeout);
      }
    }
    return StoreLockedException.heldByAnotherThread(stateDir, timeout);
  }

  /** Whether a thread of this JVM waits for the lock; for tests. */
  boolean threadsWaiting() {
    return threads.hasQueuedThreads();
  }

  /** Whether the thread holding the thread lock is waiting for another process's OS lock; for tests. */
  boolean awaitingOtherProcess() {
    return awaitingOtherProcess;
  }

  /** The pid the current holder wrote, or -1 when it cannot be read. */
  private long holderPid() {
    try {
      ByteBuffer buffer = ByteBuffer.allocate(32);
      channel.read(buffer, 0);
      int end = 0;
      while (end < buffer.position() && buffer.get(end) != 0) {
        end++; // the zeros after the pid line belong to the mapped region
      }
      String text = new String(buffer.array(), 0, end, StandardCharsets.US_ASCII).strip();
      return text.isEmpty() ? -1 : Long.parseLong(text);
    } catch (IOException | NumberFormatException e) {
      return -1;
    }
  }
}
