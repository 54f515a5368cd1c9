package dev.steward.bench;

import dev.steward.Settings;
import dev.steward.store.FileStateStore;
import dev.steward.store.FileStoreSettings;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * How long {@link FileStateStore#open} takes on an existing directory, and how much heap the open
 * store keeps: measured in a fresh JVM (cold, as a command-line run opens it) and in this one (warm).
 */
final class OpenProbe {
  static final String CHILD_COMMAND = "open-probe";

  /** What one open cost. */
  record Result(double openMillis, double cpuMillis, double heapMegabytes, int records) {}

  private OpenProbe() {}

  /** Opens {@code dir} in this JVM, keeping the store reachable while the heap is measured. */
  static Result inProcess(Path dir) {
    long before = settledHeapUsed();
    var threads = ManagementFactory.getThreadMXBean();
    long cpuStart = threads.getCurrentThreadCpuTime();
    long start = System.nanoTime();
    FileStateStore store = FileStateStore.open(Settings.builder().set(FileStoreSettings.DIRECTORY, dir).build());
    long took = System.nanoTime() - start;
    long cpu = threads.getCurrentThreadCpuTime() - cpuStart;
    try {
      int records = store.list().size();
      long after = settledHeapUsed();
      return new Result(took / 1e6, cpu / 1e6, (after - before) / (1024.0 * 1024.0), records);
    } finally {
      store.close();
    }
  }

  /** Runs {@link #childMain} in a new JVM with this class path. */
  static Result inFreshJvm(Path dir) throws IOException, InterruptedException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> command = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
        Main.class.getName(), CHILD_COMMAND, dir.toString()));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    byte[] output = process.getInputStream().readAllBytes();
    if (!process.waitFor(5, TimeUnit.MINUTES) || process.exitValue() != 0) {
      throw new IOException("the open probe JVM failed: " + new String(output, StandardCharsets.UTF_8));
    }
    String text = new String(output, StandardCharsets.UTF_8);
    for (String line : text.split("\n")) {
      if (line.startsWith("open-probe ")) {
        String[] f = line.trim().split(" ");
        return new Result(Double.parseDouble(f[1]), Double.parseDouble(f[2]), Double.parseDouble(f[3]), Integer.parseInt(f[4]));
      }
    }
    throw new IOException("the open probe JVM printed no result: " + text);
  }

  /** The child side: one line {@code open-probe <millis> <cpu millis> <heap MiB> <records>}. */
  static void childMain(Path dir, PrintStream out) {
    Result result = inProcess(dir);
    out.println("open-probe " + result.openMillis() + " " + result.cpuMillis() + " " + result.heapMegabytes() + " " + result.records());
  }

  /** Heap in use once garbage is gone: collects until the figure stops falling. */
  static long settledHeapUsed() {
    var memory = ManagementFactory.getMemoryMXBean();
    long last = Long.MAX_VALUE;
    for (int i = 0; i < 10; i++) {
      System.gc();
      long used = memory.getHeapMemoryUsage().getUsed();
      if (used >= last - (last / 100) && i >= 2) {
        return Math.min(used, last);
      }
      last = Math.min(last, used);
    }
    return last;
  }
}
