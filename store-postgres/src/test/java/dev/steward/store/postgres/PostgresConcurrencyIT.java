package dev.steward.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steward.ResourceKey;
import dev.steward.ResourceRecord;
import dev.steward.Sighting;
import dev.steward.StateStore;
import dev.steward.testsupport.lab.LabService;
import dev.steward.testsupport.lab.RequiresLab;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Writers that share one record through stores of their own, in threads and in processes, lose
 * none of each other's updates: every failure they count is counted, exactly.
 */
@RequiresLab(LabService.POSTGRES)
class PostgresConcurrencyIT {
  private static final int STEPS = 150;

  @RegisterExtension
  final LabPostgres lab = new LabPostgres();
  private final String prefix = lab.prefix();

  @TempDir
  Path temp;

  private StateStore open() {
    return LabPostgres.open(lab.settings(prefix));
  }

  @Test
  @DisplayName("two stores in two threads, each counting " + STEPS + " failures on one record, count exactly " + 2 * STEPS)
  void twoThreadsLoseNoUpdate() throws Exception {
    try (StateStore first = open(); StateStore second = open()) {
      first.create(CountingWriter.KEY, "node", Optional.empty(), "shared");
      ExecutorService pool = Executors.newFixedThreadPool(2);
      try {
        Future<?> a = pool.submit(() -> CountingWriter.count(first, "a", STEPS));
        Future<?> b = pool.submit(() -> CountingWriter.count(second, "b", STEPS));
        a.get(5, TimeUnit.MINUTES);
        b.get(5, TimeUnit.MINUTES);
      } finally {
        pool.shutdownNow();
      }
      assertCounted(first.get(CountingWriter.KEY), List.of("a", "b"));
      assertThat(second.get(CountingWriter.KEY)).isEqualTo(first.get(CountingWriter.KEY));
    }
  }

  @Test
  @DisplayName("two JVMs, each counting " + STEPS + " failures on one record through its own store, count exactly " + 2 * STEPS)
  void twoProcessesLoseNoUpdate() throws Exception {
    try (StateStore store = open()) {
      store.create(CountingWriter.KEY, "node", Optional.empty(), "shared");
    }
    String java = ProcessHandle.current().info().command().orElseThrow();
    List<Process> writers = new ArrayList<>();
    List<Path> outputs = new ArrayList<>();
    for (String name : List.of("p1", "p2")) {
      Path out = temp.resolve(name + ".out");
      outputs.add(out);
      writers.add(new ProcessBuilder(java, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
          CountingWriter.class.getName(), lab.url(), lab.user(), lab.passwordFile().toString(), prefix, name, Integer.toString(STEPS))
          .redirectErrorStream(true).redirectOutput(out.toFile()).start());
    }
    for (int w = 0; w < writers.size(); w++) {
      boolean exited = writers.get(w).waitFor(5, TimeUnit.MINUTES);
      if (!exited) {
        writers.forEach(Process::destroyForcibly);
      }
      assertThat(exited).as("writer %d finished within the deadline", w).isTrue();
      assertThat(writers.get(w).exitValue()).as("exit code of writer %d; its output:%n%s", w, read(outputs.get(w))).isZero();
      assertThat(read(outputs.get(w))).contains("DONE");
    }
    try (StateStore store = open()) {
      assertCounted(store.get(CountingWriter.KEY), List.of("p1", "p2"));
    }
  }

  @Test
  @DisplayName("two stores observing the same resources at once, in opposite orders, neither deadlock nor lose a change")
  void concurrentObservationsLoseNoChange() throws Exception {
    int resources = 20;
    int rounds = 30;
    List<ResourceKey> keys = new ArrayList<>();
    for (int i = 0; i < resources; i++) {
      keys.add(ResourceKey.of("pve-qemu", Integer.toString(100 + i), "pve1"));
    }
    try (StateStore first = open(); StateStore second = open()) {
      ExecutorService pool = Executors.newFixedThreadPool(2);
      try {
        Future<Integer> a = pool.submit(() -> observeRounds(first, keys, "a", rounds));
        Future<Integer> b = pool.submit(() -> observeRounds(second, reversed(keys), "b", rounds));
        assertThat(a.get(5, TimeUnit.MINUTES) + b.get(5, TimeUnit.MINUTES)).as("changes made").isEqualTo(2 * rounds * resources);
      } finally {
        pool.shutdownNow();
      }
      for (ResourceKey key : keys) {
        assertThat(first.get(key).version()).as("version of %s: one per observation", key).isEqualTo(2L * rounds);
      }
    }
  }

  /** Observes {@code keys} {@code rounds} times, each time with a value no one used before; returns the changes made. */
  private static int observeRounds(StateStore store, List<ResourceKey> keys, String name, int rounds) {
    int made = 0;
    for (int r = 0; r < rounds; r++) {
      List<Sighting> batch = new ArrayList<>();
      for (ResourceKey key : keys) {
        batch.add(Sighting.present(key, Map.of("seen-by", name + "-" + r)));
      }
      made += store.observe(batch).size();
    }
    return made;
  }

  private static <T> List<T> reversed(List<T> list) {
    List<T> copy = new ArrayList<>(list);
    Collections.reverse(copy);
    return copy;
  }

  private static void assertCounted(ResourceRecord record, List<String> writers) {
    assertThat(record.failures().attempts()).as("failures counted").isEqualTo(writers.size() * STEPS);
    assertThat(record.version()).as("one version per write").isEqualTo(1 + 2L * writers.size() * STEPS);
    for (String writer : writers) {
      assertThat(record.attributes()).containsEntry("count-" + writer, Integer.toString(STEPS));
    }
    assertThat(record.attributes()).hasSize(writers.size());
  }

  private static String read(Path file) throws IOException {
    return Files.readString(file, StandardCharsets.UTF_8);
  }
}
