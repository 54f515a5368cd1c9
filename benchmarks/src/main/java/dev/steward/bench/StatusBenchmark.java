package dev.steward.bench;

import dev.steward.status.StatusClient;
import dev.steward.status.StatusItem;
import dev.steward.status.StatusOptions;
import dev.steward.status.StatusPublisher;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * The {@code status} benchmark: a {@link StatusPublisher} with 1,000 items serves its socket; a
 * single client measures the latency of {@code status} requests (median, p99), then 8 clients on
 * 8 connections measure requests per second, for {@code status} and for {@code health}. Clients
 * read the raw answer line, as the server's cost is what is measured; one more figure adds a
 * client that parses each answer into a {@code StatusSnapshot}. Server and clients share this
 * JVM and the machine's cores. Not thread-safe; run it once.
 */
public final class StatusBenchmark {
  private static final byte[] STATUS = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"status\"}\n".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] HEALTH = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"health\"}\n".getBytes(StandardCharsets.US_ASCII);

  /** What to run. */
  public record Options(boolean quick, int items, int clients) {
    static Options parse(List<String> args) {
      boolean quick = false;
      int items = 1000;
      for (int i = 0; i < args.size(); i++) {
        switch (args.get(i)) {
          case "--quick" -> quick = true;
          case "--items" -> {
            if (i + 1 >= args.size()) {
              throw new IllegalArgumentException("--items needs a number");
            }
            items = Integer.parseInt(args.get(++i));
          }
          default -> throw new IllegalArgumentException("unknown option '" + args.get(i) + "'");
        }
      }
      return new Options(quick, items, 8);
    }

    Duration warmup() {
      return quick ? Duration.ofMillis(300) : Duration.ofSeconds(3);
    }

    int latencySamples() {
      return quick ? 500 : 10_000;
    }

    Duration run() {
      return quick ? Duration.ofMillis(700) : Duration.ofSeconds(10);
    }
  }

  private final Options options;
  private final PrintStream out;

  public StatusBenchmark(Options options, PrintStream out) {
    this.options = options;
    this.out = out;
  }

  /** Runs every part and prints the figures; returns them as name to value. */
  public Map<String, Double> run() {
    Path dir;
    try {
      dir = Files.createTempDirectory("steward-bench-status-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    try (StatusPublisher publisher = StatusPublisher.start(StatusOptions.builder(dir, "bench").build())) {
      Instant now = Instant.now();
      List<StatusItem> items = new ArrayList<>();
      for (int i = 0; i < options.items(); i++) {
        items.add(StatusItem.of(String.format("fwd-%04d", i), "forward", i % 10 == 0 ? "conflict" : "active",
            i % 10 == 0 ? "port already in use after 5 retry attempts" : "",
            Map.of("local", "127.0.0.1:" + (10000 + i), "remote", "10.0.0." + (i % 250) + ":" + (20000 + i)), now));
      }
      publisher.replaceAll(items);
      Path socket = publisher.location().socket();
      int answerBytes;
      try (Raw warm = new Raw(socket)) {
        answerBytes = warm.call(STATUS);
        long end = System.nanoTime() + options.warmup().toNanos();
        while (System.nanoTime() < end) {
          warm.call(STATUS);
          warm.call(HEALTH);
        }
      }
      out.printf(Locale.ROOT, "status benchmark: %d items, answer %,d bytes, %d cores%n", options.items(), answerBytes,
          Runtime.getRuntime().availableProcessors());

      Latencies latencies = new Latencies();
      try (Raw client = new Raw(socket)) {
        for (int i = 0; i < options.latencySamples(); i++) {
          long start = System.nanoTime();
          client.call(STATUS);
          latencies.add(System.nanoTime() - start);
        }
      }
      double median = latencies.quantileMillis(0.5);
      double p99 = latencies.quantileMillis(0.99);
      out.printf(Locale.ROOT, "  status latency, 1 client:    median %.3f ms, p99 %.3f ms, max %.3f ms (%d requests)%n",
          median, p99, latencies.maxMillis(), latencies.count());

      Latencies parsed = new Latencies();
      try (StatusClient.Connection connection = StatusClient.of(publisher.location()).connect()) {
        for (int i = 0; i < options.latencySamples() / 5; i++) {
          long start = System.nanoTime();
          connection.status();
          parsed.add(System.nanoTime() - start);
        }
      }
      out.printf(Locale.ROOT, "  status with StatusClient, parsed into a snapshot: median %.3f ms, p99 %.3f ms%n",
          parsed.quantileMillis(0.5), parsed.quantileMillis(0.99));

      double statusRate = throughput(socket, STATUS);
      out.printf(Locale.ROOT, "  status, %d clients:           %,.0f requests/s (%,.0f MB/s of answers)%n", options.clients(),
          statusRate, statusRate * answerBytes / 1e6);
      double healthRate = throughput(socket, HEALTH);
      out.printf(Locale.ROOT, "  health, %d clients:           %,.0f requests/s%n", options.clients(), healthRate);
      out.printf(Locale.ROOT, "  targets: median under 1 ms: %s; at least 10,000 status requests/s with %d clients: %s%n",
          median < 1.0 ? "met" : "MISSED", options.clients(), statusRate >= 10_000 ? "met" : "MISSED");
      return Map.of("status median ms", median, "status p99 ms", p99, "status requests/s", statusRate,
          "health requests/s", healthRate);
    } finally {
      deleteRecursively(dir);
    }
  }

  private double throughput(Path socket, byte[] request) {
    AtomicLong requests = new AtomicLong();
    CountDownLatch ready = new CountDownLatch(options.clients());
    CountDownLatch go = new CountDownLatch(1);
    long[] window = new long[2];
    List<Thread> threads = new ArrayList<>();
    for (int c = 0; c < options.clients(); c++) {
      Thread t = new Thread(() -> {
        try (Raw client = new Raw(socket)) {
          ready.countDown();
          go.await();
          long end = window[1];
          long n = 0;
          while (System.nanoTime() < end) {
            client.call(request);
            n++;
          }
          requests.addAndGet(n);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }, "bench-client-" + c);
      threads.add(t);
      t.start();
    }
    try {
      ready.await();
      window[0] = System.nanoTime();
      window[1] = window[0] + options.run().toNanos();
      go.countDown();
      for (Thread t : threads) {
        t.join();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    long elapsed = Math.max(System.nanoTime() - window[0], 1);
    return requests.get() * 1e9 / elapsed;
  }

  /** A client that sends a request line and reads the answer line, without parsing it. */
  private static final class Raw implements AutoCloseable {
    private final SocketChannel channel;
    private final ByteBuffer in = ByteBuffer.allocateDirect(1 << 20);

    Raw(Path socket) {
      try {
        channel = SocketChannel.open(StandardProtocolFamily.UNIX);
        channel.connect(UnixDomainSocketAddress.of(socket));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    /** Returns the answer's length. */
    int call(byte[] request) {
      try {
        ByteBuffer data = ByteBuffer.wrap(request);
        while (data.hasRemaining()) {
          channel.write(data);
        }
        int total = 0;
        while (true) {
          in.clear();
          int n = channel.read(in);
          if (n < 0) {
            throw new IOException("the server closed the connection");
          }
          total += n;
          if (n > 0 && in.get(n - 1) == '\n') {
            return total;
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    @Override
    public void close() {
      try {
        channel.close();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  private static void deleteRecursively(Path root) {
    try (Stream<Path> all = Files.walk(root)) {
      for (Path path : (Iterable<Path>) all.sorted(Comparator.reverseOrder())::iterator) {
        Files.deleteIfExists(path);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Could not remove " + root, e);
    }
  }
}
