package dev.steward.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.steward.StewardException;
import dev.steward.testsupport.MutableClock;
import dev.steward.testsupport.Poll;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StatusPublisherTest {
  private static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");

  @TempDir
  Path temp;

  private final MutableClock clock = new MutableClock(T0);
  private StatusPublisher publisher;

  @AfterEach
  void closePublisher() {
    if (publisher != null) {
      publisher.close();
    }
  }

  private Path dir() {
    return temp.resolve("run");
  }

  private StatusOptions.Builder options() {
    return StatusOptions.builder(dir(), "default").clock(clock);
  }

  @Test
  @DisplayName("publishes a 0600 file and a 0600 socket in a 0700 directory, and removes both on close")
  void publishesPrivateFileAndSocketAndRemovesThemOnClose() throws Exception {
    publisher = StatusPublisher.start(options().build());
    StatusLocation at = publisher.location();

    assertThat(mode(dir())).isEqualTo("rwx------");
    assertThat(mode(at.file())).isEqualTo("rw-------");
    assertThat(mode(at.socket())).isEqualTo("rw-------");
    assertThat(mode(at.lock())).isEqualTo("rw-------");
    try (var files = Files.list(dir())) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder(
          "default.status.json", "default.sock", "default.lock");
    }
    StatusSnapshot snapshot = StatusFile.read(at.file()).orElseThrow();
    assertThat(snapshot.pid()).isEqualTo(ProcessHandle.current().pid());
    assertThat(snapshot.processStartedAt()).isEqualTo(ProcessHandle.current().info().startInstant());
    assertThat(snapshot.startedAt()).isEqualTo(T0);

    publisher.close();
    publisher = null;

    assertThat(at.file()).doesNotExist();
    assertThat(Files.exists(at.socket(), LinkOption.NOFOLLOW_LINKS)).isFalse();
  }

  @Test
  @DisplayName("keeps created_at from the first attempt and moves updated_at only when the state changes")
  void keepsCreatedAtAndMovesUpdatedAtOnlyOnStateChange() throws Exception {
    publisher = StatusPublisher.start(options().build());
    publisher.put(StatusItem.of("fwd", "forward", "conflict", "port in use (attempt 1)", Map.of(), clock.instant()));
    clock.advance(Duration.ofSeconds(5));
    publisher.put(StatusItem.of("fwd", "forward", "conflict", "port in use (attempt 2)", Map.of(), clock.instant()));

    StatusItem retried = publisher.snapshot().item("fwd").orElseThrow();
    assertThat(retried.reason()).isEqualTo("port in use (attempt 2)");
    assertThat(retried.createdAt()).isEqualTo(T0);
    assertThat(retried.updatedAt()).as("same state: updated_at stays").isEqualTo(T0);

    clock.advance(Duration.ofSeconds(5));
    publisher.put(StatusItem.of("fwd", "forward", "active", "", Map.of(), clock.instant()));

    StatusItem active = publisher.snapshot().item("fwd").orElseThrow();
    assertThat(active.createdAt()).isEqualTo(T0);
    assertThat(active.updatedAt()).isEqualTo(T0.plusSeconds(10));
    publisher.flush();
    assertThat(StatusFile.read(publisher.location().file()).orElseThrow().item("fwd")).contains(active);
  }

  @Test
  void replaceAllKeepsTimesOfKnownIdsAndDropsTheRest() {
    publisher = StatusPublisher.start(options().build());
    publisher.put(StatusItem.of("a", "forward", "active", "", Map.of(), T0));
    publisher.put(StatusItem.of("b", "forward", "active", "", Map.of(), T0));
    clock.advance(Duration.ofMinutes(1));

    publisher.replaceAll(List.of(StatusItem.of("c", "forward", "pending", "", Map.of(), clock.instant()),
        StatusItem.of("a", "forward", "active", "", Map.of("local", "1"), clock.instant())));

    assertThat(publisher.snapshot().items()).extracting(StatusItem::id).containsExactly("c", "a");
    assertThat(publisher.snapshot().item("a").orElseThrow().createdAt()).isEqualTo(T0);
    assertThat(publisher.snapshot().item("a").orElseThrow().attributes()).containsEntry("local", "1");
    assertThat(publisher.remove("a")).isTrue();
    assertThat(publisher.remove("a")).isFalse();
    assertThatThrownBy(() -> publisher.replaceAll(List.of(StatusItem.of("x", "k", "s", "", Map.of(), T0),
        StatusItem.of("x", "k", "s", "", Map.of(), T0)))).hasMessageContaining("'x' is given twice");
  }

  @Test
  void rewritesTheFileOnChangeAndOnEveryHeartbeat() throws Exception {
    publisher = StatusPublisher.start(options().heartbeat(Duration.ofMillis(20)).build());
    Path file = publisher.location().file();

    publisher.put(StatusItem.of("a", "forward", "active", "", Map.of(), T0));
    Poll.until("the change is written", () -> read(file).item("a").isPresent());

    clock.advance(Duration.ofSeconds(7));
    Poll.until("a heartbeat is written", () -> read(file).heartbeatAt().equals(T0.plusSeconds(7)));
    assertThat(read(file).updatedAt()).as("a heartbeat is not a change").isEqualTo(T0);
  }

  @Test
  @DisplayName("a second instance on the same name is refused with the first one's pid")
  void refusesASecondInstanceOfTheSameName() {
    publisher = StatusPublisher.start(options().build());

    assertThatThrownBy(() -> StatusPublisher.start(options().build()))
        .isInstanceOfSatisfying(InstanceRunningException.class,
            e -> assertThat(e.pid()).hasValue(ProcessHandle.current().pid()))
        .hasMessageContaining("Another instance named 'default' is already running (pid " + ProcessHandle.current().pid() + ")");
    assertThat(((java.util.Map<?, ?>) StatusClient.of(publisher.location()).call("health")).get("healthy")).as("the first still serves").isEqualTo(true);
  }

  @Test
  void anotherNameRunsSideBySide() {
    publisher = StatusPublisher.start(options().build());
    try (StatusPublisher other = StatusPublisher.start(StatusOptions.builder(dir(), "other").build())) {
      assertThat(other.location().socket()).isNotEqualTo(publisher.location().socket());
    }
  }

  @Test
  @DisplayName("a socket file left by a crash (nothing listens) is replaced on start")
  void replacesAStaleSocket() throws Exception {
    Files.createDirectories(dir());
    Path socket = StatusLocation.of(dir(), "default").socket();
    try (ServerSocketChannel dead = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
      dead.bind(UnixDomainSocketAddress.of(socket));
    }
    assertThat(Files.exists(socket, LinkOption.NOFOLLOW_LINKS)).as("closing leaves the file, as a crash does").isTrue();

    publisher = StatusPublisher.start(options().build());

    assertThat(StatusClient.of(publisher.location()).report().running()).isTrue();
  }

  @Test
  void refusesToReplaceAFileThatIsNotASocket() throws Exception {
    Files.createDirectories(dir());
    Files.writeString(StatusLocation.of(dir(), "default").socket(), "not mine");

    assertThatThrownBy(() -> StatusPublisher.start(options().build())).isInstanceOf(StewardException.class)
        .hasMessageContaining("exists and is not a socket");
    assertThat(StatusLocation.of(dir(), "default").file()).as("a failed start leaves nothing").doesNotExist();
  }

  @Test
  void refusesASocketPathThatIsTooLongBeforeTouchingAnything() {
    Path deep = temp.resolve("x".repeat(100));

    assertThatThrownBy(() -> StatusPublisher.start(StatusOptions.builder(deep, "default").build()))
        .isInstanceOf(StewardException.class).hasMessageContaining("unix sockets allow at most 107");
    assertThat(deep).doesNotExist();
  }

  @Test
  void refusesBadOptionsSayingWhich() {
    assertThatThrownBy(() -> options().heartbeat(Duration.ofMillis(1))).hasMessageContaining("steward.status.heartbeat");
    assertThatThrownBy(() -> options().method("status", p -> p)).hasMessageContaining("'status' is built in");
    assertThatThrownBy(() -> StatusOptions.builder(dir(), "bad name")).hasMessageContaining("'bad name' is not valid");
  }

  private static StatusSnapshot read(Path file) {
    try {
      return StatusFile.read(file).orElseThrow();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static String mode(Path path) throws Exception {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS));
  }
}
