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
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 at random moments: every change a writer saw acknowledged is still there afterwards, and
 * no change is there twice. The writer announces each commit before it starts, so the parent knows
 * the commits that may have reached the disk unacknowledged: one per killed writer at most, and a
 * record can carry one from each round in which it was in flight when the writer was killed. Every
 * version a record reaches beyond its last acknowledged one must be such an announced commit. The
 * writer ({@link CrashingWriter}) runs in a child JVM, one per round; a small compact-after
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
  /** Per record, the commits announced since its last acknowledgement that may have landed. */
  private final Map<String, List<Announced>> unacknowledged = new HashMap<>();
  /** How many announced but unacknowledged commits were found on disk at once, at most. */
  private int mostLanded;
  /** How often more than one announced commit had landed: what the old check (one at most) refused. */
  private int severalLanded;

  /** What the parent last saw acknowledged for a record. */
  private record Ack(long version, String state, long counter) {}

  /** A commit the writer of {@code round} announced: the record it makes. */
  private record Announced(int round, String key, long version, String state, long counter) {
    static Optional<Announced> parse(String line, int round) {
      String[] f = line.split(" ");
      if (f.length != 5 || !(f[0].equals("BEGIN") || f[0].equals("ACK"))) {
        return Optional.empty();
      }
      try {
        return Optional.of(new Announced(round, f[1], Long.parseLong(f[2]), f[3], Long.parseLong(f[4])));
      } catch (NumberFormatException e) {
        return Optional.empty();
      }
    }

    boolean sameChange(Announced other) {
      return key.equals(other.key) && version == other.version && state.equals(other.state) && counter == other.counter;
    }
  }

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
    System.out.printf("Crash test: %d kills, %d acknowledged changes, %d ms (seed %d); at most %d unacknowledged"
        + " changes of one record landed at once, more than one %d times%n", ROUNDS, totalAcks,
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started), SEED, mostLanded, severalLanded);
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

  /**
   * Lets the writer go, SIGKILLs it after {@code killAfter} acknowledgements and reads what it
   * printed before; the commit it announced last without acknowledging it is kept as one that may
   * have landed.
   */
  private int runAndKill(Writer writer, int killAfter, int round) throws Exception {
    try (OutputStream in = writer.process().getOutputStream()) {
      in.write("GO\n".getBytes(StandardCharsets.US_ASCII));
    }
    Announced[] inFlight = new Announced[1];
    int acks = 0;
    try {
      while (true) {
        String line = nextLine(writer, round, acks);
        if (line.equals("OPENING") && killAfter == 0) {
          break;
        }
        if (take(line, inFlight, round) && ++acks >= killAfter) {
          break;
        }
      }
    } finally {
      // SIGKILL through the handle: Process.destroyForcibly also closes our end of the pipe, and
      // the lines the writer printed just before the kill, not read yet, would be lost with it.
      writer.process().toHandle().destroyForcibly();
    }
    if (!writer.process().waitFor(DEADLINE_SECONDS, TimeUnit.SECONDS)) {
      fail("round " + round + ": the writer did not die after SIGKILL");
    }
    // Changes announced and acknowledged between our last read and the kill count too: the pipe
    // holds them until read. Only the last line can be cut short by the kill; one that does not
    // parse was not printed.
    for (String line = writer.lines().poll(DEADLINE_SECONDS, TimeUnit.SECONDS); line != null && !line.equals("EOF");
        line = writer.lines().poll(DEADLINE_SECONDS, TimeUnit.SECONDS)) {
      if (take(line, inFlight, round)) {
        acks++;
      }
    }
    if (inFlight[0] != null) {
      unacknowledged.computeIfAbsent(inFlight[0].key(), k -> new ArrayList<>()).add(inFlight[0]);
    }
    return acks;
  }

  /** Reads one line of the writer; true when it acknowledged a change. */
  private boolean take(String line, Announced[] inFlight, int round) {
    Optional<Announced> parsed = Announced.parse(line, round);
    if (parsed.isEmpty()) {
      return false;
    }
    Announced change = parsed.get();
    if (line.startsWith("BEGIN ")) {
      assertThat(inFlight[0]).as("round %d: %s announced while %s was not acknowledged", round, line, inFlight[0]).isNull();
      inFlight[0] = change;
      return false;
    }
    assertThat(inFlight[0]).as("round %d: %s acknowledged, announced as", round, line).isNotNull()
        .matches(announced -> announced.sameChange(change), "the same change");
    inFlight[0] = null;
    Ack before = acked.get(change.key());
    long previous = before == null ? 0 : before.version();
    assertThat(change.version())
        .as("round %d: version of %s acknowledged after %d (lower means an acknowledged change was lost)", round,
            change.key(), previous)
        .isGreaterThan(previous);
    String context = "round " + round + ": " + line;
    landed(change.key(), previous, change.version() - 1, context);
    int count = (int) (change.version() - 1 - previous);
    mostLanded = Math.max(mostLanded, count);
    if (count > 1) {
      severalLanded++;
      System.out.printf("%s: %d unacknowledged changes of %s had landed, announced in rounds %s%n", context, count,
          change.key(), unacknowledged.get(change.key()).stream().map(Announced::round).toList());
    }
    acked.put(change.key(), new Ack(change.version(), change.state(), change.counter()));
    unacknowledged.remove(change.key());
    return true;
  }

  /**
   * Checks that versions {@code (acknowledged, version]} of {@code key} are each an announced,
   * unacknowledged commit, from rounds in order (a writer's commit lands only on what the writers
   * before it left). Taking the earliest round for each version finds such a chain when there is one.
   */
  private void landed(String key, long acknowledged, long version, String context) {
    List<Announced> candidates = unacknowledged.getOrDefault(key, List.of());
    Announced last = null;
    for (long v = acknowledged + 1; v <= version; v++) {
      long wanted = v;
      int after = last == null ? 0 : last.round();
      Announced made = candidates.stream().filter(a -> a.version() == wanted && a.round() > after).findFirst().orElse(null);
      assertThat(made).as("%s: version %d of %s (acknowledged at %d) was made by no announced, unacknowledged commit %s:"
          + " a change was applied twice", context, v, key, acknowledged, candidates).isNotNull();
      last = made;
    }
  }

  /**
   * Opens the store here: each record holds its last acknowledged change, or the last of the
   * announced unacknowledged commits that landed after it.
   */
  private void checkStore(String when) {
    try (FileStateStore store = StoreTestSupport.open(dir, COMPACT_AFTER)) {
      List<String> problems = new ArrayList<>();
      for (ResourceKey key : CrashingWriter.KEYS) {
        Ack ack = acked.get(key.toString());
        long acknowledged = ack == null ? 0 : ack.version();
        ResourceRecord record = store.find(key).orElse(null);
        long version = record == null ? 0 : record.version();
        if (version < acknowledged) {
          problems.add(key + " is at version " + version + ", acknowledged at " + acknowledged);
        } else if (version == acknowledged) {
          if (ack != null && (!record.state().equals(ack.state()) || CrashingWriter.counter(record) != ack.counter())) {
            problems.add(key + " at version " + version + " is " + record.state() + "/" + CrashingWriter.counter(record)
                + ", acknowledged as " + ack.state() + "/" + ack.counter());
          }
        } else {
          landed(key.toString(), acknowledged, version, when);
          // Several writers may have announced this version, each after the one before did not land.
          List<Announced> announced = unacknowledged.get(key.toString()).stream().filter(a -> a.version() == version).toList();
          if (announced.stream().noneMatch(a -> a.state().equals(record.state()) && a.counter() == CrashingWriter.counter(record))) {
            problems.add(key + " at version " + version + " is " + record.state() + "/" + CrashingWriter.counter(record)
                + ", announced as " + announced);
          }
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
