package dev.steward.store;

import dev.steward.ResourceKey;
import dev.steward.ResourceRecord;
import dev.steward.NodeLifecycle;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

/**
 * A child process for {@link FileStateStoreCrashIT}: commits changes in a loop until it is killed.
 * Before each commit starts it prints {@code BEGIN key version state counter}, the record that
 * commit will make, and only after the store acknowledged it {@code ACK} with the same fields. So
 * when it is killed, the parent knows the one commit that may have reached the disk unacknowledged,
 * and a version that no {@code BEGIN} announced can only be a change applied twice. Args: state
 * directory, compact-after bytes, seed, a scratch directory.
 *
 * <p>So that the parent can start the next writer while the current one runs, a writer first warms
 * up on the scratch directory (class loading, JIT), prints {@code READY} and waits for a line on
 * standard input before it touches the state directory.
 */
public final class CrashingWriter {
  static final List<ResourceKey> KEYS = List.of(
      ResourceKey.local("node", "web-1"), ResourceKey.local("node", "web-2"), ResourceKey.local("node", "web-3"));

  private CrashingWriter() {}

  public static void main(String[] args) throws IOException {
    Path dir = Path.of(args[0]);
    long compactAfter = Long.parseLong(args[1]);
    Random random = new Random(Long.parseLong(args[2]));
    PrintStream out = System.out;
    try (FileStateStore scratch = StoreTestSupport.open(Path.of(args[3]), compactAfter)) {
      ResourceKey key = KEYS.get(0);
      scratch.create(key, "node", Optional.empty(), "warm-up");
      for (int i = 0; i < 20; i++) {
        scratch.updateAttributes(key, Map.of("counter", Integer.toString(i)));
      }
      scratch.verify();
    }
    out.println("READY");
    out.flush();
    if (new BufferedReader(new InputStreamReader(System.in, StandardCharsets.US_ASCII)).readLine() == null) {
      return;
    }
    out.println("OPENING");
    out.flush();
    FileStateStore store = StoreTestSupport.open(dir, compactAfter);
    out.println("OPEN");
    out.flush();
    while (true) {
      ResourceKey key = KEYS.get(random.nextInt(KEYS.size()));
      Optional<ResourceRecord> current = store.find(key);
      ResourceRecord after;
      if (current.isEmpty()) {
        announce(out, key, 1, NodeLifecycle.PLANNED, 0);
        after = store.create(key, "node", Optional.empty(), "wanted");
      } else if (random.nextInt(4) == 0 || !current.get().state().matches("RUNNING|UPGRADING")) {
        String state = next(current.get().state());
        announce(out, key, current.get().version() + 1, state, counter(current.get()));
        after = store.transition(key, state, "step");
      } else {
        long counter = counter(current.get()) + 1;
        announce(out, key, current.get().version() + 1, current.get().state(), counter);
        after = store.updateAttributes(key, Map.of("counter", Long.toString(counter)));
      }
      out.println("ACK " + after.key() + " " + after.version() + " " + after.state() + " " + counter(after));
      out.flush();
    }
  }

  /**
   * Tells the parent which record the next commit makes, before it starts: the line is flushed to
   * the pipe (one write, shorter than PIPE_BUF, so a kill never leaves half of it), and the commit
   * follows only then.
   */
  private static void announce(PrintStream out, ResourceKey key, long version, String state, long counter) {
    out.println("BEGIN " + key + " " + version + " " + state + " " + counter);
    out.flush();
  }

  static long counter(ResourceRecord record) {
    return Long.parseLong(record.attributes().getOrDefault("counter", "0"));
  }

  private static String next(String state) {
    return switch (state) {
      case NodeLifecycle.PLANNED -> NodeLifecycle.CREATING;
      case NodeLifecycle.CREATING -> NodeLifecycle.STARTING;
      case NodeLifecycle.STARTING, NodeLifecycle.UPGRADING -> NodeLifecycle.RUNNING;
      case NodeLifecycle.RUNNING -> NodeLifecycle.UPGRADING;
      default -> throw new IllegalStateException("unexpected state " + state);
    };
  }
}
