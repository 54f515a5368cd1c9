package dev.steward.bench;

import dev.steward.Settings;
import dev.steward.store.FileStateStore;
import dev.steward.store.FileStoreSettings;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The {@code store} benchmark: in one process and on one disk, the raw fsync rate, single-writer
 * durable commits of the file store against SQLite, group commit with 8 writers on a large store,
 * commit latency on a small and a large store, and the time and heap to open the large store.
 * Prints a table and returns every figure. Not thread-safe; run it once.
 */
public final class StoreBenchmark {
  static final String DISK = "disk";
  static final String SINGLE = "single writer, durable commits";
  static final String GROUP = "group commit";
  static final String LATENCY = "commit latency, single writer";
  static final String OPEN = "open";

  /** What to run. */
  public record Options(Path dir, boolean quick) {
    static Options parse(List<String> args) {
      Path dir = Path.of("steward-bench-data");
      boolean quick = false;
      for (int i = 0; i < args.size(); i++) {
        switch (args.get(i)) {
          case "--quick" -> quick = true;
          case "--dir" -> {
            if (i + 1 >= args.size()) {
              throw new IllegalArgumentException("--dir needs a directory");
            }
            dir = Path.of(args.get(++i));
          }
          default -> throw new IllegalArgumentException("unknown option '" + args.get(i) + "'");
        }
      }
      return new Options(dir, quick);
    }

    int smallRecords() {
      return 1_000;
    }

    int largeRecords() {
      return quick ? 10_000 : 100_000;
    }

    int writers() {
      return 8;
    }

    Duration fsyncRun() {
      return quick ? Duration.ofMillis(500) : Duration.ofSeconds(5);
    }

    Duration warmup() {
      return quick ? Duration.ofMillis(200) : Duration.ofSeconds(2);
    }

    Duration run() {
      return quick ? Duration.ofMillis(700) : Duration.ofSeconds(10);
    }

    /** How many alternating rounds the single-writer comparison runs. */
    int rounds() {
      return quick ? 2 : 5;
    }
  }

  /** Every figure of one run, in the order printed. */
  public record Report(List<Figure> figures) {
    public Report {
      figures = List.copyOf(figures);
    }

    public boolean allProduced() {
      return figures.stream().allMatch(Figure::produced);
    }

    Optional<Figure> find(String section, String name) {
      return figures.stream().filter(f -> f.section().equals(section) && f.name().equals(name)).findFirst();
    }
  }

  private final Options options;
  private final PrintStream out;
  private final List<Figure> figures = new ArrayList<>();

  public StoreBenchmark(Options options, PrintStream out) {
    this.options = options;
    this.out = out;
  }

  public Report run() {
    Path root = options.dir().toAbsolutePath().normalize();
    try {
      Files.createDirectories(root);
      Path work = Files.createTempDirectory(root, "run-");
      try {
        header(root);
        measure(work);
      } finally {
        deleteTree(work);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
    Report report = new Report(figures);
    ReportTable.print(report, out);
    return report;
  }

  private void header(Path root) throws IOException {
    out.printf(Locale.ROOT, "Steward store benchmark%s%n", options.quick() ? " (--quick: small counts, short runs)" : "");
    out.printf(Locale.ROOT, "  directory  %s (%s, %s)%n", root, Files.getFileStore(root).type(), Files.getFileStore(root).name());
    out.printf(Locale.ROOT, "  java       %s %s, %d cpus, max heap %d MiB%n", System.getProperty("java.vm.name"),
        System.getProperty("java.version"), Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20);
    out.printf(Locale.ROOT, "  load       %s (other processes on this machine skew every figure)%n", loadAverage());
    if ("tmpfs".equals(Files.getFileStore(root).type())) {
      out.println("  WARNING    this directory is on tmpfs: fsync is free there, so no figure says anything about a disk");
    }
    out.println();
  }

  private void measure(Path work) throws IOException, InterruptedException {
    // 1. The disk.
    phase("raw fsync: 4 KiB write + fdatasync, same block");
    double fsync = DiskProbe.overwriteRate(work, options.fsyncRun());
    figures.add(Figure.rate(DISK, "raw fsync, 4 KiB overwrite (reference)", fsync, Optional.empty()));
    phase("raw fsync: 4 KiB append + fdatasync");
    figures.add(Figure.rate(DISK, "raw fsync, 4 KiB append", DiskProbe.appendRate(work, options.fsyncRun()), Optional.empty()));

    // 2. One writer: SQLite against the file store, both at 1,000 records, in alternating rounds:
    // a shared disk's fsync rate drifts by several times within minutes, and side by side in
    // time the two see the same disk.
    int small = options.smallRecords();
    Path smallDir = work.resolve("store-" + small);
    Latencies smallLatencies = new Latencies();
    Latencies sqliteLatencies = new Latencies();
    int rounds = options.rounds();
    Duration slice = options.run().dividedBy(rounds);
    double sqliteSeconds = 0;
    double storeSeconds = 0;
    List<Double> ratios = new ArrayList<>();
    String sqliteName = "SQLite WAL synchronous=FULL, " + small + " rows";
    try (FileStateStore store = open(smallDir)) {
      Fleet fleet = new Fleet(store, small);
      phase("file store: setting up " + small + " records");
      fleet.populate(options.writers());
      try (SqliteProbe sqlite = SqliteProbe.open(work.resolve("sqlite"), small)) {
        sqliteName = "SQLite " + sqlite.version() + " WAL synchronous=FULL, " + small + " rows";
        phase("one writer, " + rounds + " alternating rounds: SQLite (" + small + " rows, one UPDATE per transaction), then the file store");
        sqlite.measure(options.warmup(), new Latencies());
        fleet.write(1, options.warmup(), new ArrayList<>());
        for (int round = 0; round < rounds; round++) {
          Latencies sqliteRound = new Latencies();
          double sqliteRate = sqlite.measure(slice, sqliteRound);
          sqliteSeconds += sqliteRound.count() / sqliteRate;
          sqliteLatencies.addAll(sqliteRound);
          List<Latencies> l = new ArrayList<>();
          double storeRate = fleet.write(1, slice, l);
          storeSeconds += l.get(0).count() / storeRate;
          smallLatencies.addAll(l.get(0));
          ratios.add(storeRate / sqliteRate);
          out.printf(Locale.ROOT, "  round %d: SQLite %,.0f/s, file store %,.0f/s (%.2fx)%n", round + 1, sqliteRate, storeRate,
              storeRate / sqliteRate);
        }
      } catch (Exception e) {
        out.println("  SQLite failed: " + e);
        sqliteSeconds = Double.NaN;
      }
    }
    double sqliteRate = sqliteLatencies.count() / sqliteSeconds;
    double storeRate = smallLatencies.count() / storeSeconds;
    figures.add(Figure.rate(SINGLE, sqliteName, sqliteRate, Optional.empty()));
    figures.add(Figure.of(LATENCY, "SQLite, " + small + " rows: median", sqliteLatencies.quantileMillis(0.5), "ms", Optional.empty()));
    figures.add(Figure.rate(SINGLE, "file store, " + small + " records", storeRate, Optional.empty()));
    figures.add(Figure.of(SINGLE, "file store / SQLite, all rounds", storeRate / sqliteRate, "x",
        Figure.Target.atLeast(1.0, ">= 1.0x")));
    figures.add(Figure.of(SINGLE, "file store / SQLite, median of " + rounds + " rounds", median(ratios), "x", Optional.empty()));

    // 3. Group commit on a large store, built with the store's own API.
    int large = options.largeRecords();
    Path largeDir = work.resolve("store-" + large);
    Latencies largeLatencies;
    try (FileStateStore store = open(largeDir)) {
      Fleet fleet = new Fleet(store, large);
      phase("file store: setting up " + large + " records (" + options.writers() + " threads, 5 commits each)");
      long start = System.nanoTime();
      fleet.populate(options.writers());
      double setupSeconds = (System.nanoTime() - start) / 1e9;
      out.printf(Locale.ROOT, "  setup took %.1f s: %,.0f commits/s with %d threads%n", setupSeconds,
          5.0 * large / setupSeconds, options.writers());
      figures.add(Figure.of(GROUP, "setup: " + large + " records x 5 commits, " + options.writers() + " threads",
          setupSeconds, "s", Optional.empty()));

      phase("file store: " + options.writers() + " writers on " + large + " records");
      fleet.write(options.writers(), options.warmup(), new ArrayList<>());
      List<Latencies> groupLatencies = new ArrayList<>();
      double groupRate = fleet.write(options.writers(), options.run(), groupLatencies);
      figures.add(Figure.rate(GROUP, "file store, " + options.writers() + " writers, " + large + " records", groupRate,
          Figure.Target.atLeast(50_000, ">= 50,000/s")));
      Latencies group = new Latencies();
      groupLatencies.forEach(group::addAll);
      figures.add(Figure.of(GROUP, options.writers() + " writers: median latency", group.quantileMillis(0.5), "ms", Optional.empty()));
      figures.add(Figure.of(GROUP, options.writers() + " writers: p99 latency", group.quantileMillis(0.99), "ms", Optional.empty()));
      figures.add(Figure.of(GROUP, options.writers() + " writers: max latency", group.maxMillis(), "ms", Optional.empty()));
      phase("ceiling: " + options.writers() + " writers that wait for their fsync, with no store at all");
      double ceiling = DiskProbe.groupCommitCeiling(work, options.writers(), options.fsyncRun());
      figures.add(Figure.rate(GROUP, "ceiling: " + options.writers() + " waiting writers, one write + fdatasync per round, no store work",
          ceiling, Optional.empty()));
      figures.add(Figure.of(GROUP, "file store / ceiling", groupRate / ceiling, "x", Optional.empty()));

      // 4. Latency on the large store.
      phase("file store: one writer on " + large + " records");
      fleet.write(1, options.warmup(), new ArrayList<>());
      List<Latencies> l = new ArrayList<>();
      double rate = fleet.write(1, options.run(), l);
      largeLatencies = l.get(0);
      figures.add(Figure.rate(SINGLE, "file store, " + large + " records", rate, Optional.empty()));
    }
    double smallMedian = smallLatencies.quantileMillis(0.5);
    double largeMedian = largeLatencies.quantileMillis(0.5);
    figures.add(Figure.of(LATENCY, "file store, " + small + " records: median", smallMedian, "ms", Optional.empty()));
    figures.add(Figure.of(LATENCY, "file store, " + small + " records: p99", smallLatencies.quantileMillis(0.99), "ms", Optional.empty()));
    figures.add(Figure.of(LATENCY, "file store, " + small + " records: max", smallLatencies.maxMillis(), "ms", Optional.empty()));
    figures.add(Figure.of(LATENCY, "file store, " + large + " records: median", largeMedian, "ms", Optional.empty()));
    figures.add(Figure.of(LATENCY, "file store, " + large + " records: p99", largeLatencies.quantileMillis(0.99), "ms", Optional.empty()));
    figures.add(Figure.of(LATENCY, "file store, " + large + " records: max", largeLatencies.maxMillis(), "ms", Optional.empty()));
    figures.add(Figure.of(LATENCY, "median growth, " + small + " -> " + large + " records", largeMedian / smallMedian, "x",
        Figure.Target.atMost(1.5, "<= 1.5x")));

    // 5. Opening the large store, as left by the writers (snapshot + journal), then right after a compaction.
    out.printf(Locale.ROOT, "  %,d-record store on disk: state.json %s, journal.log %s%n", large,
        size(largeDir.resolve("state.json")), size(largeDir.resolve("journal.log")));
    phase("open: a fresh JVM opens the " + large + "-record store");
    OpenProbe.Result cold = OpenProbe.inFreshJvm(largeDir);
    figures.add(Figure.of(OPEN, "open " + cold.records() + " records, fresh JVM: time", cold.openMillis(), "ms",
        Figure.Target.atMost(1000, "< 1 s")));
    figures.add(Figure.of(OPEN, "open " + cold.records() + " records, fresh JVM: CPU of the opening thread", cold.cpuMillis(), "ms",
        Optional.empty()));
    figures.add(Figure.of(OPEN, "open " + cold.records() + " records, fresh JVM: heap kept", cold.heapMegabytes(), "MiB",
        Figure.Target.atMost(200, "< 200 MB")));
    phase("open: this JVM opens the " + large + "-record store");
    OpenProbe.Result warm = OpenProbe.inProcess(largeDir);
    figures.add(Figure.of(OPEN, "open " + warm.records() + " records, this (warm) JVM: time", warm.openMillis(), "ms", Optional.empty()));
    figures.add(Figure.of(OPEN, "open " + warm.records() + " records, this (warm) JVM: heap kept", warm.heapMegabytes(), "MiB", Optional.empty()));
    try (FileStateStore store = open(largeDir)) {
      store.compact();
    }
    out.printf(Locale.ROOT, "  after compact(): state.json %s, journal.log %s%n",
        size(largeDir.resolve("state.json")), size(largeDir.resolve("journal.log")));
    phase("open: a fresh JVM opens the compacted " + large + "-record store");
    OpenProbe.Result compacted = OpenProbe.inFreshJvm(largeDir);
    figures.add(Figure.of(OPEN, "open " + compacted.records() + " records, compacted, fresh JVM: time", compacted.openMillis(), "ms",
        Figure.Target.atMost(1000, "< 1 s")));
    figures.add(Figure.of(OPEN, "open " + compacted.records() + " records, compacted, fresh JVM: heap kept",
        compacted.heapMegabytes(), "MiB", Figure.Target.atMost(200, "< 200 MB")));

    // The disk again: a shared or virtual disk drifts, and the ratios above are only as good as the reference.
    phase("raw fsync again, to see how much the disk drifted during the run");
    figures.add(Figure.rate(DISK, "raw fsync, 4 KiB overwrite, at the end", DiskProbe.overwriteRate(work, options.fsyncRun()),
        Optional.empty()));
    out.printf(Locale.ROOT, "  load       %s at the end%n", loadAverage());
    out.println();
  }

  private static double median(List<Double> values) {
    if (values.isEmpty()) {
      return Double.NaN;
    }
    List<Double> sorted = values.stream().sorted().toList();
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }

  /** The 1-, 5- and 15-minute load averages, or a note that they cannot be read (not Linux). */
  private static String loadAverage() {
    try {
      String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
      return "load average " + f[0] + " " + f[1] + " " + f[2] + " on " + Runtime.getRuntime().availableProcessors() + " cpus";
    } catch (IOException | RuntimeException e) {
      return "load average unknown";
    }
  }

  private static FileStateStore open(Path dir) {
    return FileStateStore.open(Settings.builder().set(FileStoreSettings.DIRECTORY, dir).build());
  }

  private void phase(String what) {
    out.printf(Locale.ROOT, "  ... %s%n", what);
    out.flush();
  }

  private static String size(Path file) throws IOException {
    return Files.exists(file) ? String.format(Locale.ROOT, "%.1f MiB", Files.size(file) / (1024.0 * 1024.0)) : "absent";
  }

  /** Deletes {@code dir} and everything below it; nothing when it is not there. */
  static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
