package dev.steward.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.steward.status.StatusReport.Problem;
import dev.steward.status.StatusReport.Source;
import dev.steward.testsupport.Poll;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("The status client asks the socket first and falls back to the file")
class StatusClientTest {
  @TempDir
  Path temp;

  private StatusLocation location;

  @BeforeEach
  void setUp() throws Exception {
    Path dir = temp.resolve("run");
    Files.createDirectories(dir);
    location = StatusLocation.of(dir, "default");
  }

  /** A status file as a process {@code pid}, started at {@code started}, left it at {@code heartbeat}. */
  private void leaveFile(long pid, Optional<Instant> started, Instant heartbeat) throws Exception {
    StatusFile.write(location.file(), new StatusSnapshot(1, "default", "local", pid, started, heartbeat.minusSeconds(60),
        heartbeat.minusSeconds(30), heartbeat, false,
        List.of(StatusItem.of("fwd", "forward", "active", "", Map.of(), heartbeat.minusSeconds(60)))));
  }

  @Test
  void readsARunningInstanceFromItsSocket() {
    try (StatusPublisher publisher = StatusPublisher.start(StatusOptions.builder(location.directory(), "default").build())) {
      StatusReport report = StatusClient.of(location).report();

      assertThat(report.source()).isEqualTo(Source.SOCKET);
      assertThat(report.running()).isTrue();
      assertThat(report.problems()).isEmpty();
      assertThat(report.warnings()).isEmpty();
    }
  }

  @Test
  void saysNoRunningInstanceFoundWhenThereIsNeitherSocketNorFile() {
    StatusReport report = StatusClient.of(location).report();

    assertThat(report.source()).isEqualTo(Source.NONE);
    assertThat(report.snapshot()).isEmpty();
    assertThat(report.warnings()).singleElement().asString().startsWith("No running instance found");
    assertThatThrownBy(() -> StatusClient.of(location).call("health")).isInstanceOf(StatusUnavailableException.class)
        .hasMessageContaining("No running instance found").hasMessageContaining("there is no socket file");
  }

  @Test
  @DisplayName("a file whose process is gone is shown with a stale warning")
  void warnsWhenTheProcessThatWroteTheFileIsGone() throws Exception {
    Process gone = new ProcessBuilder("true").start();
    assertThat(gone.waitFor(30, TimeUnit.SECONDS)).isTrue();
    leaveFile(gone.pid(), gone.info().startInstant(), Instant.now());

    StatusReport report = StatusClient.of(location).report();

    assertThat(report.source()).isEqualTo(Source.FILE);
    assertThat(report.snapshot()).isPresent();
    assertThat(report.problems()).containsExactly(Problem.PROCESS_GONE);
    assertThat(report.warnings()).singleElement().asString()
        .contains("Stale status: process " + gone.pid()).contains("is not running any more");
  }

  @Test
  @DisplayName("a pid now used by another process is not taken for the instance: the start times differ")
  void noticesAReusedPid() throws Exception {
    Process other = new ProcessBuilder("sleep", "60").start();
    try {
      Instant otherStarted = Poll.value("the start time of sleep", () -> other.info().startInstant());
      leaveFile(other.pid(), Optional.of(otherStarted.minus(Duration.ofHours(1))), Instant.now());

      StatusReport reused = StatusClient.of(location).report();

      assertThat(reused.problems()).containsExactly(Problem.PID_REUSED);
      assertThat(reused.warnings()).singleElement().asString()
          .contains("pid " + other.pid() + " now belongs to another process").contains("the instance is gone");

      leaveFile(other.pid(), Optional.of(otherStarted), Instant.now());
      StatusReport same = StatusClient.of(location).report();
      assertThat(same.problems()).as("same pid and start time: the writer itself, alive").isEmpty();
      assertThat(same.warnings()).singleElement().asString().contains("is running but does not answer");
    } finally {
      other.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }
  }

  @Test
  void warnsWhenTheFileIsOlderThanTheThreshold() throws Exception {
    ProcessHandle self = ProcessHandle.current();
    Instant heartbeat = Instant.parse("2026-11-22T10:00:00Z");
    leaveFile(self.pid(), self.info().startInstant(), heartbeat);
    Clock later = Clock.fixed(heartbeat.plusSeconds(11), ZoneOffset.UTC);

    StatusReport old = StatusClient.of(location).withClock(later).report();
    StatusReport fresh = StatusClient.of(location).withClock(later).withStaleAfter(Duration.ofSeconds(20)).report();

    assertThat(old.problems()).containsExactly(Problem.FILE_OLD);
    assertThat(old.warnings()).anySatisfy(w -> assertThat(w).contains("older than 10s").contains("written 11s ago"));
    assertThat(fresh.problems()).isEmpty();
  }

  @Test
  void saysASocketFileNobodyListensOnIsLeftOver() throws Exception {
    try (ServerSocketChannel dead = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
      dead.bind(UnixDomainSocketAddress.of(location.socket()));
    }
    Process gone = new ProcessBuilder("true").start();
    gone.waitFor(30, TimeUnit.SECONDS);
    leaveFile(gone.pid(), gone.info().startInstant(), Instant.now());

    StatusReport report = StatusClient.of(location).report();

    assertThat(report.problems()).containsExactlyInAnyOrder(Problem.SOCKET_UNREACHABLE, Problem.PROCESS_GONE);
    assertThat(report.warnings().get(0)).contains("connection refused: a socket file is left, but no process listens on it");
  }

  @Test
  @DisplayName("a file in a newer format version is reported, not misread")
  void reportsAFileInANewerFormat() throws Exception {
    Files.writeString(location.file(), "{\"format\":\"steward-status\",\"format_version\":2,\"pid\":\"one\"}");

    StatusReport report = StatusClient.of(location).report();

    assertThat(report.source()).isEqualTo(Source.FILE);
    assertThat(report.snapshot()).isEmpty();
    assertThat(report.problems()).containsExactly(Problem.UNSUPPORTED_VERSION);
    assertThat(report.warnings()).singleElement().asString().contains("format version 2");
  }

  @Test
  @DisplayName("a socket answering in a newer format version is reported, not misread")
  void reportsASocketAnswerInANewerFormat() throws Exception {
    try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
      server.bind(UnixDomainSocketAddress.of(location.socket()));
      Thread answering = new Thread(() -> {
        try (SocketChannel c = server.accept()) {
          ByteBuffer request = ByteBuffer.allocate(4096);
          while (request.position() == 0 || request.get(request.position() - 1) != '\n') {
            c.read(request);
          }
          c.write(ByteBuffer.wrap(("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"format\":\"steward-status\","
              + "\"format_version\":3,\"everything\":\"different\"}}\n").getBytes(StandardCharsets.UTF_8)));
        } catch (java.io.IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      });
      answering.start();

      StatusReport report = StatusClient.of(location).report();
      answering.join(30_000);

      assertThat(report.source()).isEqualTo(Source.SOCKET);
      assertThat(report.snapshot()).isEmpty();
      assertThat(report.problems()).containsExactly(Problem.UNSUPPORTED_VERSION);
      assertThat(report.warnings()).singleElement().asString().contains("format version 3, newer than the version 1");
    }
  }
}
