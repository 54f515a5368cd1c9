package dev.steward.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StatusFileTest {
  private static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");

  @TempDir
  Path dir;

  static StatusSnapshot snapshot(int items) {
    List<StatusItem> list = new java.util.ArrayList<>();
    for (int i = 0; i < items; i++) {
      list.add(new StatusItem("item-" + i, "forward", i % 2 == 0 ? "active" : "conflict", i % 2 == 0 ? "" : "port taken",
          Map.of("local", "127.0.0.1:" + (8000 + i), "remote", String.valueOf(9000 + i)), T0, T0.plusSeconds(i)));
    }
    return new StatusSnapshot(1, "default", "local", 4711, Optional.of(T0.minusSeconds(5)), T0, T0.plusSeconds(1),
        T0.plusSeconds(2), false, list);
  }

  @Test
  void writesAFileOnlyItsOwnerCanReadAndReadsItBack() throws Exception {
    Path file = dir.resolve("default.status.json");
    StatusSnapshot written = snapshot(3);

    StatusFile.write(file, written);

    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    assertThat(StatusFile.read(file)).contains(written);
    try (var files = Files.list(dir)) {
      assertThat(files).as("no temporary file is left").containsExactly(file);
    }
  }

  @Test
  void replacesTheFileWholeEachTime() throws Exception {
    Path file = dir.resolve("default.status.json");
    StatusFile.write(file, snapshot(100));
    StatusFile.write(file, snapshot(1));

    assertThat(StatusFile.read(file).orElseThrow().items()).hasSize(1);
  }

  @Test
  void readsNothingWhenThereIsNoFile() throws Exception {
    assertThat(StatusFile.read(dir.resolve("none.status.json"))).isEmpty();
  }

  @Test
  @DisplayName("a status in a newer format version is reported with its version, never misread")
  void refusesANewerFormatVersion() throws Exception {
    Path file = dir.resolve("x.status.json");
    Files.writeString(file, "{\"format\":\"steward-status\",\"format_version\":2,\"items\":{\"moved\":true}}");

    assertThatThrownBy(() -> StatusFile.read(file))
        .isInstanceOfSatisfying(StatusFormatException.class, e -> assertThat(e.unsupportedVersion()).hasValue(2))
        .hasMessageContaining("format version 2, newer than the version 1 this Steward reads");
  }

  @Test
  void refusesJsonThatIsNotAStatus() throws Exception {
    Path file = dir.resolve("x.status.json");
    Files.writeString(file, "{\"records\":[]}");

    assertThatThrownBy(() -> StatusFile.read(file)).isInstanceOf(StatusFormatException.class)
        .hasMessageContaining("is not a Steward status");
  }

  @Test
  void refusesADamagedStatusSayingWhatIsWrong() throws Exception {
    Path file = dir.resolve("x.status.json");
    String good = new String(dev.steward.internal.status.StatusCodec.toBytes(snapshot(1)), StandardCharsets.UTF_8);
    Files.writeString(file, good.replace("\"created_at\":\"2026", "\"created_at\":\"yesterday"));

    assertThatThrownBy(() -> StatusFile.read(file)).isInstanceOf(StatusFormatException.class)
        .hasMessageContaining("damaged").hasMessageContaining("\"created_at\" is not a time");
    Files.writeString(file, good.substring(0, good.length() / 2));
    assertThatThrownBy(() -> StatusFile.read(file)).isInstanceOf(StatusFormatException.class)
        .hasMessageContaining("is not valid JSON");
  }

  @Test
  void namesARemoteHostsFilesWithAShortStableHash() {
    StatusLocation local = StatusLocation.of(dir, "default", "local");
    StatusLocation web = StatusLocation.of(dir, "default", "web-1.example.com");
    StatusLocation db = StatusLocation.of(dir, "default", "db-1.example.com");

    assertThat(local.file()).isEqualTo(dir.resolve("default.status.json"));
    assertThat(local.socket()).isEqualTo(dir.resolve("default.sock"));
    assertThat(web.name()).matches("default-[0-9a-f]{10}").isNotEqualTo(db.name());
    assertThat(StatusLocation.of(dir, "default", "WEB-1.example.com").name()).isEqualTo(web.name());
    // SHA-256("web-1.example.com"), first five bytes: the same on every machine and in every release.
    assertThat(web.name()).isEqualTo("default-745984d004");
  }

  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.CsvSource({
      "ssh://deploy@web-1.example.com, web-1.example.com",
      "ssh://deploy@web-1.example.com:22/, web-1.example.com",
      "deploy@WEB-1.example.com, web-1.example.com",
      "web-1.example.com:2222, web-1.example.com:2222",
      "ssh://web-1.example.com:2222, web-1.example.com:2222",
      "[fe80::1]:22, fe80::1",
      "[fe80::1]:2222, [fe80::1]:2222",
      "fe80::22, fe80::22",
      "web-2, web-2"})
  void aHostIsNamedTheSameHoweverItIsWritten(String written, String canonical) {
    assertThat(StatusLocation.canonicalHost(written)).isEqualTo(canonical);
    assertThat(StatusLocation.of(dir, "default", written).name()).isEqualTo(StatusLocation.of(dir, "default", canonical).name());
  }

  @Test
  void saysWhenTheSocketPathIsTooLong() {
    Path deep = dir.resolve("a".repeat(60)).resolve("b".repeat(40));

    assertThat(StatusLocation.of(dir, "default").socketPathProblem()).isEmpty();
    // "a.sock" would fit in 107 bytes, but the private path it is first bound at would not.
    Path edge = Path.of("/" + "d".repeat(99));
    assertThat(edge.resolve("a.sock").toString()).hasSize(107);
    assertThat(StatusLocation.of(edge, "a").socketPathProblem()).get().asString().contains("needs 111 bytes");
    assertThat(StatusLocation.of(deep, "default").socketPathProblem()).get().asString()
        .contains("unix sockets allow at most 107").contains("steward.status.dir");
  }

  @Test
  void refusesANameThatIsNotSafeInAFileName() {
    assertThatThrownBy(() -> StatusLocation.of(dir, "../etc")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'../etc' is not valid");
  }

  @Test
  void defaultDirectoryFollowsXdg() {
    assertThat(StatusSettings.defaultDirectory(Map.of("XDG_RUNTIME_DIR", "/run/user/1000", "XDG_STATE_HOME", "/s"), "/home/u"))
        .isEqualTo(Path.of("/run/user/1000/steward"));
    assertThat(StatusSettings.defaultDirectory(Map.of("XDG_STATE_HOME", "/s"), "/home/u")).isEqualTo(Path.of("/s/steward/run"));
    assertThat(StatusSettings.defaultDirectory(Map.of(), "/home/u")).isEqualTo(Path.of("/home/u/.local/state/steward/run"));
  }

  @Test
  void formatsDurationsForPeople() {
    assertThat(Durations.format(java.time.Duration.ofSeconds(135))).isEqualTo("2m15s");
    assertThat(Durations.format(java.time.Duration.ofSeconds(90))).isEqualTo("1m30s");
    assertThat(Durations.format(java.time.Duration.ofMinutes(60))).isEqualTo("1h");
    assertThat(Durations.format(java.time.Duration.ofHours(26))).isEqualTo("1d2h");
    assertThat(Durations.format(java.time.Duration.ofMillis(3250))).isEqualTo("3.2s");
    assertThat(Durations.format(java.time.Duration.ofMillis(-5))).isEqualTo("0s");
  }
}
