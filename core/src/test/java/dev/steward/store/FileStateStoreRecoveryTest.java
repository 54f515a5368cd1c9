package dev.steward.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.steward.ResourceKey;
import dev.steward.ResourceRecord;
import dev.steward.NodeLifecycle;
import dev.steward.migration.UnsupportedSchemaVersionException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Damaged, foreign, newer and older files: each gives a clear error or a loud recovery, never a silent loss. */
class FileStateStoreRecoveryTest {
  private static final ResourceKey WEB_1 = ResourceKey.local("node", "web-1");
  private static final ResourceKey WEB_2 = ResourceKey.local("node", "web-2");

  @TempDir
  Path temp;

  private Path dir;
  private List<ResourceRecord> committed;

  /** A snapshot (after a compaction), a good copy, a previous journal and a journal with lines after the snapshot. */
  @BeforeEach
  void commitAcrossACompaction() {
    dir = temp.resolve("state");
    try (FileStateStore store = StoreTestSupport.open(dir)) {
      store.create(WEB_1, "node", Optional.empty(), "wanted");
      store.transition(WEB_1, NodeLifecycle.CREATING, "creating");
      store.compact();
      store.create(WEB_2, "node", Optional.empty(), "wanted");
      store.updateAttributes(WEB_1, Map.of("counter", "1"));
      store.compact();
      store.updateAttributes(WEB_1, Map.of("counter", "2"));
      store.transition(WEB_2, NodeLifecycle.CREATING, "creating");
      committed = store.list();
    }
  }

  @Test
  @DisplayName("a compaction keeps the previous snapshot as the good copy without copying it: a hard link, mode 0600")
  void compactionLinksThePreviousSnapshotAsTheGoodCopy() throws IOException {
    Path snapshot = dir.resolve("state.json");
    Object previous = Files.readAttributes(snapshot, java.nio.file.attribute.BasicFileAttributes.class).fileKey();
    byte[] bytes = Files.readAllBytes(snapshot);

    try (FileStateStore store = StoreTestSupport.open(dir)) {
      store.compact();
    }

    Path good = dir.resolve("state.json.good");
    assertThat(good).hasBinaryContent(bytes);
    assertThat(Files.readAttributes(good, java.nio.file.attribute.BasicFileAttributes.class).fileKey()).isEqualTo(previous);
    assertThat(Files.readAttributes(snapshot, java.nio.file.attribute.BasicFileAttributes.class).fileKey()).isNotEqualTo(previous);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(good))).isEqualTo("rw-------");
    try (var files = Files.list(dir)) {
      assertThat(files.map(f -> f.getFileName().toString())).as("no temp file is left behind").noneMatch(name -> name.endsWith(".tmp") || name.contains(".tmp-"));
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"garbage", "truncated", "empty", "empty object", "bad schema version", "changed record"})
  @DisplayName("an unusable snapshot is rebuilt from the last good copy and the journals, with a loud warning")
  void unusableSnapshotIsRecoveredFromGoodCopyAndJournals(String damage) throws IOException {
    Path snapshot = dir.resolve("state.json");
    damage(snapshot, damage);

    AtomicReference<List<ResourceRecord>> recovered = new AtomicReference<>();
    String log = StoreTestSupport.stderrOf(() -> {
      try (FileStateStore store = StoreTestSupport.open(dir)) {
        recovered.set(store.list());
        assertThat(store.verify().problems()).isEmpty();
      }
    });

    assertThat(recovered.get()).isEqualTo(committed);
    assertThat(log).contains("STATE SNAPSHOT " + snapshot + " IS UNUSABLE").contains("Falling back to the last good copy");
    try (FileStateStore store = StoreTestSupport.open(dir)) {
      assertThat(store.list()).as("after the rebuilt snapshot").isEqualTo(committed);
    }
  }

  @Test
  @DisplayName("when the snapshot and its good copy are both unusable, the error names both files and the recovery steps, and nothing changes")
  void snapshotAndGoodCopyUnusable() throws IOException {
    damage(dir.resolve("state.json"), "garbage");
    damage(dir.resolve("state.json.good"), "truncated");
    Map<String, String> before = StoreTestSupport.contents(dir);

    assertThatThrownBy(() -> StoreTestSupport.open(dir))
        .isInstanceOfSatisfying(StoreCorruptedException.class, e -> assertThat(e.files())
            .containsExactly(dir.resolve("state.json"), dir.resolve("state.json.good")))
        .hasMessageContaining(dir.resolve("state.json") + " is unusable")
        .hasMessageContaining("its last good copy " + dir.resolve("state.json.good"))
        .hasMessageContaining("steward state import")
        .hasMessageContaining("Nothing was changed");
    assertThat(StoreTestSupport.contents(dir)).isEqualTo(before);
  }

  @Test
  @DisplayName("a snapshot of a newer schema is refused with UnsupportedSchemaVersionException and no file changes")
  void newerSchemaIsRefusedUntouched() throws IOException {
    Path snapshot = dir.resolve("state.json");
    String text = Files.readString(snapshot).replaceFirst("\"schema_version\": 3", "\"schema_version\": 99")
        .replaceFirst("\"written_by\": \"[^\"]*\"", "\"written_by\": \"9.9.9\"");
    Files.writeString(snapshot, text);
    Map<String, String> before = StoreTestSupport.contents(dir);

    assertThatThrownBy(() -> StoreTestSupport.open(dir))
        .isInstanceOfSatisfying(UnsupportedSchemaVersionException.class, e -> {
          assertThat(e.documentVersion()).isEqualTo(99);
          assertThat(e.writtenBy()).contains("9.9.9");
        })
        .hasMessageContaining("9.9.9");
    assertThat(StoreTestSupport.contents(dir)).isEqualTo(before);
  }

  @Test
  @DisplayName("a journal of another lineage is refused as corruption naming both lineages")
  void journalOfAnotherLineageIsRefused() throws IOException {
    Path other = temp.resolve("other");
    String otherLineage;
    try (FileStateStore store = StoreTestSupport.open(other)) {
      store.create(WEB_1, "node", Optional.empty(), "elsewhere");
      otherLineage = store.lineage();
    }
    Files.copy(other.resolve("journal.log"), dir.resolve("journal.log"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    Map<String, String> before = StoreTestSupport.contents(dir);

    assertThatThrownBy(() -> StoreTestSupport.open(dir))
        .isInstanceOf(StoreCorruptedException.class)
        .hasMessageContaining(dir.resolve("journal.log") + " belongs to lineage " + otherLineage)
        .hasMessageContaining("two different states");
    assertThat(StoreTestSupport.contents(dir)).isEqualTo(before);
  }

  @Test
  @DisplayName("a version-1 state file is migrated and its original bytes are kept in state.json.v1.bak")
  void versionOneIsMigratedWithBackup() throws IOException {
    Path old = temp.resolve("old");
    Files.createDirectory(old, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    byte[] v1 = ("{\"records\":[{\"kind\":\"node\",\"name\":\"web-1\",\"host\":\"local\",\"status\":\"RUNNING\",\"reason\":\"\","
        + "\"created\":\"2025-01-01T00:00:00Z\",\"updated\":\"2025-01-01T00:00:00Z\",\"attributes\":{}}]}")
        .getBytes(StandardCharsets.UTF_8);
    Files.write(old.resolve("state.json"), v1);

    try (FileStateStore store = StoreTestSupport.open(old)) {
      ResourceRecord web1 = store.get(WEB_1);
      assertThat(web1.state()).isEqualTo(NodeLifecycle.RUNNING);
      assertThat(web1.lifecycle()).isEqualTo("node");
      assertThat(web1.createdAt()).hasToString("2025-01-01T00:00:00Z");
      assertThat(store.verify().problems()).isEmpty();
    }
    assertThat(Files.readAllBytes(old.resolve("state.json.v1.bak"))).isEqualTo(v1);
    assertThat(Files.readString(old.resolve("state.json"))).contains("\"schema_version\": 3");
    try (FileStateStore store = StoreTestSupport.open(old)) {
      assertThat(store.get(WEB_1).state()).isEqualTo(NodeLifecycle.RUNNING);
    }
  }

  @Test
  @DisplayName("a missing state directory is created with mode 0700 and its files with 0600")
  void missingDirectoryIsCreatedPrivate() throws IOException {
    Path fresh = temp.resolve("a").resolve("b").resolve("state");
    try (FileStateStore store = StoreTestSupport.open(fresh)) {
      store.create(WEB_1, "node", Optional.empty(), "wanted");
      store.compact();
      store.updateAttributes(WEB_1, Map.of("counter", "1"));
    }
    assertThat(mode(fresh)).isEqualTo("rwx------");
    try (var files = Files.list(fresh)) {
      assertThat(files.map(f -> f.getFileName() + " " + mode(f)))
          .containsExactlyInAnyOrder("state.json rw-------", "state.json.good rw-------", "journal.log rw-------",
              "journal.log.prev rw-------", "lock rw-------");
    }
  }

  @Test
  @DisplayName("a state file readable by others is reported by verify and set to 0600 with a warning on the next open")
  void looseFileModeIsReportedThenFixed() throws IOException {
    Path snapshot = dir.resolve("state.json");
    try (FileStateStore store = StoreTestSupport.open(dir)) {
      Files.setPosixFilePermissions(snapshot, PosixFilePermissions.fromString("rw-r--r--"));
      assertThat(store.verify().problems()).containsExactly(snapshot + " has mode rw-r--r--, expected rw-------");
    }
    String log = StoreTestSupport.stderrOf(() -> StoreTestSupport.open(dir).close());
    assertThat(log).contains("State file " + snapshot + " had mode rw-r--r--");
    assertThat(mode(snapshot)).isEqualTo("rw-------");
    try (FileStateStore store = StoreTestSupport.open(dir)) {
      assertThat(store.verify().ok()).isTrue();
      assertThat(store.list()).isEqualTo(committed);
    }
  }

  @Test
  @DisplayName("a state directory open to others is set to 0700 with a warning")
  void looseDirectoryModeIsFixed() throws IOException {
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    String log = StoreTestSupport.stderrOf(() -> StoreTestSupport.open(dir).close());
    assertThat(log).contains("State directory " + dir + " had mode rwxr-xr-x");
    assertThat(mode(dir)).isEqualTo("rwx------");
  }

  private static void damage(Path file, String how) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    switch (how) {
      case "garbage" -> Files.write(file, "\u0000\u0001 this is not json }{".getBytes(StandardCharsets.UTF_8));
      case "truncated" -> Files.write(file, Arrays.copyOf(bytes, bytes.length / 2));
      case "empty" -> Files.write(file, new byte[0]);
      case "empty object" -> Files.writeString(file, "{}");
      case "bad schema version" -> Files.writeString(file, new String(bytes, StandardCharsets.UTF_8)
          .replaceFirst("\"schema_version\": 3", "\"schema_version\": \"two\""));
      case "changed record" -> Files.writeString(file, new String(bytes, StandardCharsets.UTF_8)
          .replaceFirst("CREATING", "RUNNING"));
      default -> throw new IllegalArgumentException(how);
    }
  }

  private static String mode(Path file) {
    try {
      return PosixFilePermissions.toString(Files.getPosixFilePermissions(file));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
