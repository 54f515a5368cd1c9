package dev.steward.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steward.ResourceKey;
import dev.steward.ResourceRecord;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Several processes writing one state directory at once lose none of each other's commits. */
class FileStateStoreSharingIT {
  private static final int WRITERS = 4;
  private static final int STEPS = 200;
  private static final long COMPACT_AFTER = 4 * 1024;

  @TempDir
  Path temp;

  @Test
  @DisplayName(WRITERS + " processes committing " + STEPS + " changes each to shared records lose none of them, across compactions")
  void concurrentProcessesLoseNoUpdate() throws Exception {
    Path dir = temp.resolve("state");
    try (FileStateStore store = StoreTestSupport.open(dir, COMPACT_AFTER)) {
      for (ResourceKey key : CountingWriter.KEYS) {
        store.create(key, "node", Optional.empty(), "shared");
      }
    }
    String java = ProcessHandle.current().info().command().orElseThrow();
    List<Process> writers = new ArrayList<>();
    List<Path> outputs = new ArrayList<>();
    for (int w = 0; w < WRITERS; w++) {
      Path out = temp.resolve("writer-" + w + ".out");
      outputs.add(out);
      writers.add(new ProcessBuilder(java, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp",
          System.getProperty("java.class.path"), CountingWriter.class.getName(), dir.toString(),
          Long.toString(COMPACT_AFTER), "w" + w, Integer.toString(STEPS))
          .redirectErrorStream(true).redirectOutput(out.toFile()).start());
    }
    for (int w = 0; w < WRITERS; w++) {
      boolean exited = writers.get(w).waitFor(5, TimeUnit.MINUTES);
      if (!exited) {
        writers.forEach(Process::destroyForcibly);
      }
      assertThat(exited).as("writer %d finished within the deadline", w).isTrue();
      assertThat(writers.get(w).exitValue()).as("exit code of writer %d; its output:%n%s", w, read(outputs.get(w))).isZero();
      assertThat(read(outputs.get(w))).contains("DONE");
    }

    try (FileStateStore store = StoreTestSupport.open(dir, COMPACT_AFTER)) {
      int perRecord = WRITERS * STEPS / CountingWriter.KEYS.size();
      for (int k = 0; k < CountingWriter.KEYS.size(); k++) {
        ResourceRecord record = store.get(CountingWriter.KEYS.get(k));
        assertThat(record.version()).as("version of %s", record.key()).isEqualTo(1 + perRecord);
        List<String> expected = new ArrayList<>();
        for (int w = 0; w < WRITERS; w++) {
          for (int i = k; i < STEPS; i += CountingWriter.KEYS.size()) {
            expected.add("w" + w + "-" + i);
          }
        }
        assertThat(record.attributes().keySet()).as("attributes of %s", record.key()).containsExactlyInAnyOrderElementsOf(expected);
      }
      assertThat(store.serial()).as("serial: one per commit").isGreaterThanOrEqualTo(2L + WRITERS * STEPS);
      assertThat(store.verify().problems()).isEmpty();
    }
  }

  private static String read(Path file) throws IOException {
    return Files.readString(file, StandardCharsets.UTF_8);
  }
}
