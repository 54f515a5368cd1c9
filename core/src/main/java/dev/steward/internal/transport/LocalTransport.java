package dev.steward.internal.transport;

import dev.steward.Command;
import dev.steward.CommandResult;
import dev.steward.CommandTimeoutException;
import dev.steward.ResourceKey;
import dev.steward.TcpConnection;
import dev.steward.Transport;
import dev.steward.TransportException;
import dev.steward.spi.support.ConnectArguments;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs commands as child processes of this JVM. Output is drained on pump threads while the
 * process runs (so a chatty process never blocks on a full pipe), capped per stream, and the whole
 * process tree is killed at the timeout. It connects to ports of this machine's 127.0.0.1 on plain
 * sockets. Thread-safe.
 */
final class LocalTransport implements Transport {
  private static final Set<String> LOCAL_NAMES = Set.of(ResourceKey.LOCAL, "localhost");
  /** How long to wait for output after the process exited, in case a child it left holds the pipe. */
  private static final long DRAIN_AFTER_EXIT_MS = 2_000;

  private final Duration defaultTimeout;
  private final int outputLimit;
  private final ExecutorService pumps;

  LocalTransport(Duration defaultTimeout, int outputLimit) {
    this.defaultTimeout = defaultTimeout;
    this.outputLimit = outputLimit;
    AtomicInteger n = new AtomicInteger();
    this.pumps = Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "steward-local-io-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
  }

  @Override
  public CommandResult run(String host, Command command) {
    requireLocal(host, "runs commands");
    Duration timeout = command.timeout().orElse(defaultTimeout);
    ProcessBuilder builder = new ProcessBuilder(command.argv());
    builder.environment().putAll(command.environment());
    long started = System.nanoTime();
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      throw new TransportException(host, "Could not run '" + command.display() + "' on " + host + ": " + e.getMessage(), e);
    }
    Capture stdout = new Capture(outputLimit);
    Capture stderr = new Capture(outputLimit);
    Future<?> out = pumps.submit(() -> stdout.drain(process.getInputStream()));
    Future<?> err = pumps.submit(() -> stderr.drain(process.getErrorStream()));
    Future<?> in = pumps.submit(() -> feed(process.getOutputStream(), command.stdin().orElse("")));
    try {
      if (!process.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
        killTree(process);
        process.waitFor(5, TimeUnit.SECONDS);
        finish(process, out, err, in);
        throw new CommandTimeoutException(host, command, timeout, stdout.text(), stderr.text());
      }
      finish(process, out, err, in);
      return new CommandResult(host, command, process.exitValue(), stdout.text(), stderr.text(),
          stdout.truncated(), stderr.truncated(), Duration.ofNanos(System.nanoTime() - started));
    } catch (InterruptedException e) {
      killTree(process);
      Thread.currentThread().interrupt();
      throw new TransportException(host, "Interrupted while '" + command.display() + "' ran on " + host + "; it was killed", e);
    }
  }

  @Override
  public TcpConnection connect(String host, int port, Duration timeout) {
    ConnectArguments.check(port, timeout);
    requireLocal(host, "connects to ports");
    return SocketConnection.open(host, port, timeout);
  }

  private static void requireLocal(String host, String what) {
    if (!LOCAL_NAMES.contains(host)) {
      throw new TransportException(host, "The local transport " + what + " on this machine only, not on '" + host
          + "'. Use a transport that reaches it, e.g. steward.transport=ssh.", null);
    }
  }

  /** Waits for the pumps; a descendant that still holds a pipe open gets its stream closed under it. */
  private static void finish(Process process, Future<?>... tasks) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(DRAIN_AFTER_EXIT_MS);
    for (Future<?> task : tasks) {
      try {
        task.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      } catch (java.util.concurrent.TimeoutException | java.util.concurrent.ExecutionException e) {
        closeQuietly(process.getInputStream());
        closeQuietly(process.getErrorStream());
        closeQuietly(process.getOutputStream());
      }
    }
  }

  private static void feed(OutputStream stdin, String input) {
    try (stdin) {
      stdin.write(input.getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      // The process exited without reading all of its input; its exit status tells the story.
    }
  }

  private static void killTree(Process process) {
    List<ProcessHandle> descendants = process.descendants().toList();
    process.destroyForcibly();
    descendants.forEach(ProcessHandle::destroyForcibly);
  }

  private static void closeQuietly(java.io.Closeable stream) {
    try {
      stream.close();
    } catch (IOException e) {
      // Nothing more to do; the stream is being abandoned.
    }
  }

  @Override
  public void close() {
    pumps.shutdownNow();
  }

  /** Keeps the first {@code limit} bytes of a stream and drains the rest. Thread-safe. */
  private static final class Capture {
    private final byte[] kept;
    private int size;
    private boolean truncated;

    Capture(int limit) {
      this.kept = new byte[limit];
    }

    void drain(InputStream stream) {
      byte[] buffer = new byte[8192];
      try (stream) {
        int n;
        while ((n = stream.read(buffer)) > 0) {
          append(buffer, n);
        }
      } catch (IOException e) {
        // Closed under us after the process exited; keep what was read.
      }
    }

    private synchronized void append(byte[] buffer, int n) {
      int room = kept.length - size;
      int take = Math.min(room, n);
      System.arraycopy(buffer, 0, kept, size, take);
      size += take;
      if (take < n) {
        truncated = true;
      }
    }

    synchronized String text() {
      return new String(kept, 0, size, StandardCharsets.UTF_8);
    }

    synchronized boolean truncated() {
      return truncated;
    }
  }
}
