package dev.steward.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.steward.ResourceKey;
import dev.steward.ResourceRecord;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 at random moments: every change a writer saw acknowledged is still there afterwards.
 * The writer ({@link CrashingWriter}) runs in a child JVM, one per round; a small compact-after
 * makes snapshots and journal rotations frequent enough to be killed mid-way too. The next writer
 * is started (and warms up elsewhere) while the current one runs, so a round costs little more
 * than its commits.
 */
class FileStateStoreCrashIT {
  private static final int ROUNDS = 100;
  private static final int MOST_ACKS_BEFORE_KILL = 40;
  private static final long COMPACT_AFTER = 4 * 1024;
  private static final long SEED = Long.getLong("steward.crash.seed", 20261122L);
  private static final long DEADLINE_SECONDS = 60;

  @TempDir
  Path temp;

  private Path dir;
  private final Map<String, Ack> acked = new HashMap<>();

  /** What the parent last saw acknowledged for a record. */
  private record Ack(long version, String state, long counter) {}

  /** A child JVM and the lines it printed. */
  private record Writer(Process process, BlockingQueue<String> lines, Path log) {}

  @Test
  @DisplayName("every acknowledged change survives " + ROUNDS + " kill -9s in a row, and the store verifies clean")
  void acknowledgedChangesSurviveKillNine() throws Exception {
    dir = temp.resolve("state");
    Random random = new Random(SEED);
    int totalAcks = 0;
    long started = System.nanoTime();
    Writer next = start(random.nextLong(), 1);
    for (int round = 1; round <= ROUNDS; round++) {
      Writer current = next;
      awaitLine(current, "READY", round);
      next = round < ROUNDS ? start(random.nextLong(), round + 1) : null;
      int killAfter = random.nextInt(MOST_ACKS_BEFORE_KILL + 1); // 0: while it opens the store
      totalAcks += runAndKill(current, killAfter, round);
      if (round % 10 == 0) {
        checkStore("after round " + round);
      }
    }
    checkStore("at the end");
    System.out.printf("Crash test: %d kills, %d acknowledged changes, %d ms (seed %d)%n", ROUNDS, totalAcks,
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started), SEED);
    assertThat(totalAcks).as("acknowledged changes in all").isGreaterThan(ROUNDS);
  }

  private Writer start(long seed, int round) throws IOException {
    Path log = temp.resolve("writer-" + round + ".log");
    String java = ProcessHandle.current().info().command().orElseThrow();
    Process process = new ProcessBuilder(java, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xshare:auto",
        "-cp", System.getProperty("java.class.path"), CrashingWriter.class.getName(), dir.toString(),
        Long.toString(COMPACT_AFTER), Long.toString(seed), temp.resolve("scratch-" + round).toString())
        .redirectError(ProcessBuilder.Redirect.to(log.toFile()))
        .start();
    BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    Thread reader = new Thread(() -> {
      try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = in.readLine()) != null) {
          lines.add(line);
        }
      } catch (IOException e) {
        // the pipe broke: the writer is gone
      } finally {
        lines.add("EOF");
      }
    }, "crash-writer-" + round);
    reader.setDaemon(true);
    reader.start();
    return new Writer(process, lines, log);
  }

  private void awaitLine(Writer writer, String expected, int round) throws Exception {
    String line = nextLine(writer, round, 0);
    assertThat(line).as("round %d: first line of the writer", round).isEqualTo(expected);
  }

  private String nextLine(Writer writer, int round, int acks) throws Exception {
    String line = writer.lines().poll(DEADLINE_SECONDS, TimeUnit.SECONDS);
    if (line == null || line.equals("EOF")) {
      writer.process().destroyForcibly();
      fail("round " + round + ": the writer " + (line == null ? "printed nothing for " + DEADLINE_SECONDS + " s"
          : "ended on its own") + " after " + acks + " acknowledgements; its log:\n" + tail(writer.log()));
    }
    return line;
  }

  /** Lets the writer go, SIGKILLs it after {@code killAfter} acknowledgements and reads what it printed before. */
  private int runAndKill(Writer writer, int killAfter, int round) throws Exception {
    try (OutputStream in = writer.process().getOutputStream()) {
      in.write("GO\n".getBytes(StandardCharsets.US_ASCII));
    }
    Set<String> seenThisRound = new HashSet<>();
    int acks = 0;
    try {
      while (true) {
        String line = nextLine(writer, round, acks);
        if (line.equals("OPENING") && killAfter == 0) {
          break;
        }
        if (line.startsWith("ACK ")) {
          take(line, seenThisRound, round);
          if (++acks >= killAfter) {
            break;
          }
        }
      }
    } finally {
      writer.process().destroyForcibly();
    }
    if (!writer.process().waitFor(DEADLINE_SECONDS, TimeUnit.SECONDS)) {
      fail("round " + round + ": the writer did not die after SIGKILL");
    }
    // Changes acknowledged between our last read and the kill count too.
    for (String line = writer.lines().poll(DEADLINE_SECONDS, TimeUnit.SECONDS); line != null && !line.equals("EOF");
        line = writer.lines().poll(DEADLINE_SECONDS, TimeUnit.SECONDS)) {
      if (line.startsWith("ACK ")) {
        take(line, seenThisRound, round);
        acks++;
      }
    }
    return acks;
  }

  private void take(String line, Set<String> seenThisRound, int round) {
    String[] f = line.split(" ");
    Ack ack = new Ack(Long.parseLong(f[2]), f[3], Long.parseLong(f[4]));
    Ack before = acked.get(f[1]);
    long previous = before == null ? 0 : before.version();
    // The writer killed before may have left one change it never acknowledged, no more.
    long most = seenThisRound.add(f[1]) ? previous + 2 : previous + 1;
    assertThat(ack.version())
        .as("round %d: version of %s acknowledged after %d (lower means an acknowledged change was lost)", round, f[1], previous)
        .isBetween(previous + 1, most);
    acked.put(f[1], ack);
  }

  /** Opens the store here: each record holds its last acknowledged change, or at most one more. */
  private void checkStore(String when) {
    try (FileStateStore store = StoreTestSupport.open(dir, COMPACT_AFTER)) {
      List<String> problems = new ArrayList<>();
      for (ResourceKey key : CrashingWriter.KEYS) {
        Ack ack = acked.get(key.toString());
        ResourceRecord record = store.find(key).orElse(null);
        if (ack == null) {
          continue;
        }
        if (record == null) {
          problems.add(key + " is missing, acknowledged at version " + ack.version());
        } else if (record.version() == ack.version()) {
          if (!record.state().equals(ack.state()) || CrashingWriter.counter(record) != ack.counter()) {
            problems.add(key + " at version " + record.version() + " is " + record.state() + "/"
                + CrashingWriter.counter(record) + ", acknowledged as " + ack.state() + "/" + ack.counter());
          }
        } else if (record.version() != ack.version() + 1) {
          problems.add(key + " is at version " + record.version() + ", acknowledged at " + ack.version());
        }
      }
      assertThat(problems).as(when).isEmpty();
      assertThat(store.verify().problems()).as(when + ": verify").isEmpty();
    }
  }

  private static String tail(Path log) throws IOException {
    if (!Files.exists(log)) {
      return "(none)";
    }
    List<String> all = Files.readAllLines(log);
    return String.join("\n", all.subList(Math.max(0, all.size() - 40), all.size()));
  }
}
