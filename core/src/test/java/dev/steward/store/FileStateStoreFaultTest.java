package dev.steward.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.steward.ResourceKey;
import dev.steward.ResourceRecord;
import dev.steward.Settings;
import dev.steward.StewardException;
import dev.steward.store.FaultyOps.Step;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each I/O step of a commit or a compaction failing in turn: the caller gets a clear
 * StoreWriteException when its change may not be durable, and the store, the same instance and a
 * fresh one, always loads a consistent state that verifies clean.
 */
class FileStateStoreFaultTest {
  private static final ResourceKey WEB_1 = ResourceKey.local("node", "web-1");
  private static final ResourceKey WEB_2 = ResourceKey.local("node", "web-2");
  private static final long SMALL = 1024;
  /** A fixed clock makes every file byte-for-byte the same in every run, so call counts repeat. */
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);

  @TempDir
  Path temp;

  private int dirs;

  @TestFactory
  @DisplayName("a commit whose journal write or force fails throws StoreWriteException and leaves a consistent store")
  Stream<DynamicTest> plainCommitFaults() {
    Map<Step, Integer> calls = probe(StoreTestSupport.NEVER_COMPACT, 5);
    assertThat(calls).as("the I/O of a commit without compaction").containsExactlyInAnyOrderEntriesOf(
        Map.of(Step.WRITE, 1, Step.FORCE, 1, Step.RENAME, 0, Step.FORCE_DIRECTORY, 0, Step.LINK, 0));
    return Stream.of(Step.WRITE, Step.FORCE).map(step -> DynamicTest.dynamicTest(step + " fails",
        () -> failCommit(StoreTestSupport.NEVER_COMPACT, 5, step, 1, true)));
  }

  @TestFactory
  @DisplayName("a commit that compacts: a failing journal step throws, a failing compaction step does not lose the change")
  Stream<DynamicTest> compactingCommitFaults() {
    int compacting = firstCompactingCommit();
    Map<Step, Integer> calls = probe(SMALL, compacting);
    assertThat(calls.get(Step.RENAME)).as("renames of a compacting commit").isGreaterThanOrEqualTo(3);
    List<DynamicTest> tests = new ArrayList<>();
    calls.forEach((step, count) -> {
      for (int k = 1; k <= count; k++) {
        int call = k;
        // The journal line is written and forced first; only those two failures fail the commit.
        boolean journalStep = call == 1 && (step == Step.WRITE || step == Step.FORCE);
        tests.add(DynamicTest.dynamicTest(step + " call " + call + " of " + count + " fails",
            () -> failCommit(SMALL, compacting, step, call, journalStep)));
      }
    });
    return tests.stream();
  }

  @TestFactory
  @DisplayName("an explicit compaction whose step fails throws StoreWriteException and keeps the previous snapshot and journal usable")
  Stream<DynamicTest> compactionFaults() throws IOException {
    FaultyOps ops = new FaultyOps();
    Path dir = nextDir();
    try (FileStateStore store = open(dir, StoreTestSupport.NEVER_COMPACT, ops)) {
      runCommits(store, 5);
      ops.disarm();
      store.compact();
    }
    Map<Step, Integer> calls = counts(ops);
    List<DynamicTest> tests = new ArrayList<>();
    calls.forEach((step, count) -> {
      for (int k = 1; k <= count; k++) {
        int call = k;
        tests.add(DynamicTest.dynamicTest(step + " call " + call + " of " + count + " fails", () -> failCompaction(step, call)));
      }
    });
    return tests.stream();
  }

  @Test
  @DisplayName("after a failed write the store cuts the partial line and the next commit succeeds")
  void nextCommitAfterFailedWriteSucceeds() throws IOException {
    FaultyOps ops = new FaultyOps();
    Path dir = nextDir();
    try (FileStateStore store = open(dir, StoreTestSupport.NEVER_COMPACT, ops)) {
      runCommits(store, 3);
      long size = Files.size(dir.resolve("journal.log"));
      ops.arm(Step.WRITE, 1);
      assertThatThrownBy(() -> store.updateAttributes(WEB_1, Map.of("counter", "lost")))
          .isInstanceOf(StoreWriteException.class);
      assertThat(Files.size(dir.resolve("journal.log"))).as("journal size after the failed write").isEqualTo(size);
      ops.disarm();
      ResourceRecord kept = store.updateAttributes(WEB_1, Map.of("counter", "kept"));
      try (FileStateStore fresh = StoreTestSupport.open(dir)) {
        assertThat(fresh.get(WEB_1)).isEqualTo(kept);
        assertThat(fresh.verify().problems()).isEmpty();
      }
    }
  }

  private void failCommit(long compactAfter, int commits, Step step, int call, boolean mustThrow) throws IOException {
    List<ResourceRecord> absent = reference(compactAfter, commits);
    List<ResourceRecord> present = reference(compactAfter, commits + 1);
    FaultyOps ops = new FaultyOps();
    Path dir = nextDir();
    try (FileStateStore store = open(dir, compactAfter, ops)) {
      runCommits(store, commits);
      ops.arm(step, call);
      Throwable thrown = catchThrowable(() -> runCommit(store, commits));
      assertThat(ops.fired()).as("the fault was injected").isTrue();
      ops.disarm();
      if (mustThrow) {
        assertThat(thrown).isInstanceOf(StoreWriteException.class).isInstanceOf(StewardException.class)
            .hasMessageContaining(dir.resolve("journal.log").toString())
            .hasMessageContaining("injected failure of " + step.name().toLowerCase())
            .hasMessageMatching("(?s).*(was not committed|may or may not have reached the disk).*");
        assertThat(store.list()).as("same instance after the failure").isIn(absent, present);
      } else {
        assertThat(thrown).as("the change was durable in the journal before the compaction failed").isNull();
        assertThat(store.list()).as("same instance after the failure").isEqualTo(present);
      }
      assertConsistent(dir, store, absent, present);
    }
  }

  private void failCompaction(Step step, int call) throws IOException {
    List<ResourceRecord> expected = reference(StoreTestSupport.NEVER_COMPACT, 5);
    FaultyOps ops = new FaultyOps();
    Path dir = nextDir();
    try (FileStateStore store = open(dir, StoreTestSupport.NEVER_COMPACT, ops)) {
      runCommits(store, 5);
      if (step == Step.LINK) {
        // A file system without hard links: the last good copy is copied instead.
        byte[] previous = Files.readAllBytes(dir.resolve("state.json"));
        ops.arm(step, call);
        store.compact();
        assertThat(ops.fired()).isTrue();
        assertThat(dir.resolve("state.json.good")).hasBinaryContent(previous);
        ops.disarm();
        assertConsistent(dir, store, expected, expected);
        return;
      }
      ops.arm(step, call);
      assertThatThrownBy(store::compact)
          .isInstanceOf(StoreWriteException.class)
          .hasMessageContaining("Could not write a new snapshot in " + dir)
          .hasMessageContaining("injected failure of " + step.name().toLowerCase())
          .hasMessageContaining("The previous snapshot and journal are still in place");
      ops.disarm();
      assertThat(store.list()).isEqualTo(expected);
      assertConsistent(dir, store, expected, expected);
    }
  }

  /** The same instance and a fresh one agree, hold one of the allowed states, verify clean and accept a next commit. */
  private void assertConsistent(Path dir, FileStateStore store, List<ResourceRecord> absent, List<ResourceRecord> present) {
    List<ResourceRecord> now = store.list();
    assertThat(store.verify().problems()).as("verify, same instance").isEmpty();
    try (FileStateStore fresh = StoreTestSupport.open(dir)) {
      assertThat(fresh.list()).as("a fresh instance").isEqualTo(now).isIn(absent, present);
      assertThat(fresh.verify().problems()).as("verify, fresh instance").isEmpty();
    }
    ResourceRecord next = store.updateAttributes(WEB_2, Map.of("after", "failure"));
    try (FileStateStore fresh = StoreTestSupport.open(dir)) {
      assertThat(fresh.get(WEB_2)).isEqualTo(next);
      assertThat(fresh.verify().problems()).isEmpty();
    }
  }

  /** The records after {@code commits} commits without faults. */
  private List<ResourceRecord> reference(long compactAfter, int commits) {
    try (FileStateStore store = open(nextDir(), compactAfter, new FaultyOps())) {
      runCommits(store, commits);
      return store.list();
    }
  }

  /** The calls of each step made by commit number {@code index}. */
  private Map<Step, Integer> probe(long compactAfter, int index) {
    FaultyOps ops = new FaultyOps();
    try (FileStateStore store = open(nextDir(), compactAfter, ops)) {
      runCommits(store, index);
      ops.disarm();
      runCommit(store, index);
      return counts(ops);
    }
  }

  private int firstCompactingCommit() {
    FaultyOps ops = new FaultyOps();
    try (FileStateStore store = open(nextDir(), SMALL, ops)) {
      for (int i = 0; i < 100; i++) {
        ops.disarm();
        runCommit(store, i);
        if (ops.calls(Step.RENAME) > 0) {
          return i;
        }
      }
    }
    throw new AssertionError("no commit compacted");
  }

  private static Map<Step, Integer> counts(FaultyOps ops) {
    Map<Step, Integer> counts = new EnumMap<>(Step.class);
    for (Step step : Step.values()) {
      counts.put(step, ops.calls(step));
    }
    return counts;
  }

  private static void runCommits(FileStateStore store, int count) {
    for (int i = 0; i < count; i++) {
      runCommit(store, i);
    }
  }

  /** Commit number {@code i} of a fixed workload. */
  private static void runCommit(FileStateStore store, int i) {
    switch (i) {
      case 0 -> store.create(WEB_1, "node", Optional.empty(), "wanted");
      case 1 -> store.create(WEB_2, "node", Optional.empty(), "wanted");
      default -> store.updateAttributes(i % 2 == 0 ? WEB_1 : WEB_2, Map.of("counter", Integer.toString(i)));
    }
    store.awaitBackgroundWork(); // a compaction this commit started runs its steps (and meets its faults) now
  }

  private Path nextDir() {
    return temp.resolve("state-" + (++dirs));
  }

  private static FileStateStore open(Path dir, long compactAfter, FaultyOps ops) {
    Settings settings = StoreTestSupport.settings(dir, compactAfter).toBuilder().clock(CLOCK).build();
    return FileStateStore.open(settings, ops);
  }
}
