package dev.steward.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.steward.ResourceKey;
import dev.steward.Settings;
import dev.steward.NodeLifecycle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("FileStateStore.verify(settings)")
class VerifyWithoutOpeningTest {
  @TempDir
  Path temp;

  @Test
  @DisplayName("reports a damaged journal line that open() refuses, and changes no state file")
  void reportsADamagedJournalThatOpenRefuses() throws Exception {
    Path dir = temp.resolve("state");
    Settings settings = Settings.builder().set(FileStoreSettings.DIRECTORY, dir).build();
    try (FileStateStore store = FileStateStore.open(settings)) {
      for (int i = 1; i <= 5; i++) {
        store.create(ResourceKey.local("node", "web-" + i), NodeLifecycle.LIFECYCLE.name(), Optional.empty(), "test");
      }
    }
    Path journal = dir.resolve("journal.log");
    byte[] bytes = Files.readAllBytes(journal);
    int middle = bytes.length / 2;
    while (bytes[middle] == '\n') {
      middle++;
    }
    bytes[middle] ^= 0x01;
    Files.write(journal, bytes);
    assertThatThrownBy(() -> FileStateStore.open(settings)).isInstanceOf(StoreCorruptedException.class);

    VerifyReport report = FileStateStore.verify(settings);

    assertThat(report.ok()).isFalse();
    assertThat(report.problems()).anySatisfy(problem -> assertThat(problem)
        .startsWith(journal.toAbsolutePath() + ": line ").contains("fails its checksum, but later lines are intact"));
    assertThat(Files.readAllBytes(journal)).isEqualTo(bytes);
  }

  @Test
  @DisplayName("reports a directory that does not exist without creating it")
  void reportsAMissingDirectoryWithoutCreatingIt() {
    Path dir = temp.resolve("missing");

    VerifyReport report = FileStateStore.verify(Settings.builder().set(FileStoreSettings.DIRECTORY, dir).build());

    assertThat(report.problems()).containsExactly(dir + " does not exist");
    assertThat(dir).doesNotExist();
  }

  @Test
  @DisplayName("finds nothing wrong in a healthy directory and counts its records")
  void healthyDirectoryIsOk() {
    Path dir = temp.resolve("state");
    Settings settings = Settings.builder().set(FileStoreSettings.DIRECTORY, dir).build();
    try (FileStateStore store = FileStateStore.open(settings)) {
      store.create(ResourceKey.local("node", "web-1"), NodeLifecycle.LIFECYCLE.name(), Optional.empty(), "test");
      store.compact();
    }

    VerifyReport report = FileStateStore.verify(settings);

    assertThat(report.problems()).isEmpty();
    assertThat(report.records()).isEqualTo(1);
  }
}
