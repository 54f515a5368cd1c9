package dev.steward.process.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.steward.ResourceKey;
import dev.steward.StewardException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NodeRecordsTest {
  private static final ResourceKey DEMO = ResourceKey.local("node", "demo-1.eu");

  @TempDir
  Path tmp;

  private static NodeRecord record(Path log) {
    return new NodeRecord(DEMO, "prod", 4242, 867274, Instant.parse("2026-11-22T06:00:00.25Z"),
        List.of("java", "-jar", "a b.jar"), Optional.of(Path.of("/srv/demo")), OptionalInt.of(8080),
        Optional.of("1.2"), log, Optional.empty(), OptionalInt.empty(), Optional.empty(), false);
  }

  @Test
  void writesARecordThatReadsBackTheSameIntoAPrivateDirectory() throws IOException {
    NodeRecords records = NodeRecords.open(tmp.resolve("state/processes"));
    NodeRecord written = record(records.logFile(DEMO)).stopped(Instant.parse("2026-11-22T07:00:00Z")).exited(143)
        .failed("did not listen");

    records.write(written);

    assertThat(records.read(DEMO)).contains(written);
    assertThat(records.readAll()).containsExactly(written);
    assertThat(records.recordFile(DEMO).getFileName().toString()).isEqualTo("node.demo-1.eu.json");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(records.recordFile(DEMO)))).isEqualTo("rw-------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(records.directory()))).isEqualTo("rwx------");
    try (var files = Files.list(records.directory())) {
      assertThat(files).as("no temp file is left").containsExactly(records.recordFile(DEMO));
    }
  }

  @Test
  void replacingARecordKeepsOneFile() {
    NodeRecords records = NodeRecords.open(tmp);
    NodeRecord first = record(records.logFile(DEMO));
    records.write(first);

    records.write(first.stopped(Instant.parse("2026-11-22T08:00:00Z")));

    assertThat(records.readAll()).singleElement().extracting(NodeRecord::stoppedAt)
        .isEqualTo(Optional.of(Instant.parse("2026-11-22T08:00:00Z")));
  }

  @Test
  void tightensALooseDirectoryAndLog() throws IOException {
    Path dir = Files.createDirectory(tmp.resolve("loose"), PosixFilePermissions.asFileAttribute(
        PosixFilePermissions.fromString("rwxr-xr-x")));
    Files.writeString(dir.resolve("node.demo-1.eu.log"), "old\n");
    Files.setPosixFilePermissions(dir.resolve("node.demo-1.eu.log"), PosixFilePermissions.fromString("rw-r--r--"));

    NodeRecords records = NodeRecords.open(dir);
    Path log = records.prepareLog(DEMO);

    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir))).isEqualTo("rwx------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(log))).isEqualTo("rw-------");
    assertThat(Files.readString(log)).isEqualTo("old\n");
  }

  @Test
  void anUnreadableRecordIsIgnoredSoTheNodeIsFoundByItsMarkers() throws IOException {
    NodeRecords records = NodeRecords.open(tmp);
    Files.writeString(records.recordFile(DEMO), "{\"format\":1,\"kind\":\"node\"");

    assertThat(records.read(DEMO)).isEmpty();
    assertThat(records.readAll()).isEmpty();
  }

  @Test
  void aRecordOfANewerFormatIsRefusedWithAClearMessage() throws IOException {
    NodeRecords records = NodeRecords.open(tmp);
    Files.writeString(records.recordFile(DEMO), "{\"format\":2}");

    assertThatThrownBy(() -> records.read(DEMO))
        .isInstanceOf(StewardException.class)
        .hasMessageContaining("has format 2, written by a newer Steward")
        .hasMessageContaining("upgrade Steward");
  }

  @Test
  void aRecordWithAWrongFieldTypeIsUnreadable() {
    byte[] bytes = new String(NodeRecords.encode(record(tmp.resolve("x.log"))), java.nio.charset.StandardCharsets.UTF_8)
        .replace("\"pid\" : 4242", "\"pid\" : \"4242\"").getBytes(java.nio.charset.StandardCharsets.UTF_8);

    assertThatThrownBy(() -> NodeRecords.decode(bytes, tmp.resolve("x.json")))
        .isInstanceOf(NodeRecords.UnreadableRecordException.class)
        .hasMessage("'pid' is missing or not a whole number");
  }

  @Test
  void aFileWhereTheDirectoryShouldBeIsAClearError() throws IOException {
    Path file = Files.writeString(tmp.resolve("processes"), "");

    assertThatThrownBy(() -> NodeRecords.open(file))
        .isInstanceOf(StewardException.class)
        .hasMessageContaining("exists but is not a directory")
        .hasMessageContaining("steward.process.dir");
  }
}
