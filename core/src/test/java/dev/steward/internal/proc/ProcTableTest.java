package dev.steward.internal.proc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.steward.ProcessIdentity;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The process table over a {@code /proc} tree written by the test, for what real processes do not
 * show on demand: a pid reused by a later process, a zombie, another tick rate.
 * {@link ProcTableIT} reads the real one.
 */
class ProcTableTest {
  private static final long BOOT = 1_700_000_000L;

  @TempDir
  Path temp;
  private Path proc;
  private ProcTable table;

  @BeforeEach
  void writeAHost() throws IOException {
    proc = temp.resolve("proc");
    write("stat", "cpu  1 0 0 1 0 0 0 0 0 0\ncpu0 1 0 0 1 0 0 0 0 0 0\nbtime " + BOOT + "\n");
    table = new ProcTable(proc, 100);
  }

  @Test
  @DisplayName("a pid that a later process reuses is another identity, and the first process is no longer running")
  void tellsAReusedPidApart() throws IOException {
    process(4242, 'S', 867_274);
    ProcessIdentity first = table.identity(4242).orElseThrow();

    process(4242, 'S', 999_001); // the first exited; the kernel gave its pid to a new process

    ProcessIdentity now = table.identity(4242).orElseThrow();
    assertThat(first).isEqualTo(new ProcessIdentity(4242, 867_274));
    assertThat(now.pid()).isEqualTo(first.pid());
    assertThat(now).isNotEqualTo(first);
    assertThat(table.isRunning(first)).isFalse();
    assertThat(table.isRunning(now)).isTrue();
  }

  @Test
  @DisplayName("a zombie or a missing process has no identity and does not run")
  void aZombieOrAMissingProcessDoesNotRun() throws IOException {
    process(10, 'Z', 100);

    assertThat(table.identity(10)).isEmpty();
    assertThat(table.isRunning(new ProcessIdentity(10, 100))).isFalse();
    assertThat(table.identity(11)).isEmpty();
    assertThat(table.stat(10)).isPresent();
  }

  @Test
  @DisplayName("start times count in the table's ticks per second from the boot time")
  void countsStartTimesInItsTicks() throws IOException {
    assertThat(table.startedAt(12_345)).isEqualTo(Instant.ofEpochSecond(BOOT).plusMillis(123_450));
    assertThat(new ProcTable(proc, 1000).startedAt(12_345)).isEqualTo(Instant.ofEpochSecond(BOOT).plusMillis(12_345));
  }

  @Test
  void keepsTheBootTimeItReadFirst() throws IOException {
    Instant before = table.startedAt(0);
    write("stat", "cpu  1 0 0 1 0 0 0 0 0 0\ncpu0 1 0 0 1 0 0 0 0 0 0\nbtime " + (BOOT + 1) + "\n");

    assertThat(table.startedAt(0)).isEqualTo(before);
  }

  @Test
  void listsPidsInAscendingOrderAndSkipsWhatIsNoProcess() throws IOException {
    process(300, 'S', 1);
    process(20, 'S', 1);
    process(1000, 'S', 1);
    Files.createDirectories(proc.resolve("self"));
    Files.createDirectories(proc.resolve("net"));

    assertThat(table.pids()).containsExactly(20, 300, 1000);
  }

  @Test
  @DisplayName("finds the resource marker of this instance only, without decoding an unmarked environment")
  void findsTheMarkerOfThisInstance() throws IOException {
    write("5/environ", "HOME=/root\0STEWARD_INSTANCE=mine\0STEWARD_RESOURCE=node/web-1\0");
    write("6/environ", "HOME=/root\0STEWARD_INSTANCE=theirs\0STEWARD_RESOURCE=node/web-1\0");
    write("7/environ", "HOME=/root\0");

    assertThat(table.resourceMarker(5, "mine")).hasValue("node/web-1");
    assertThat(table.resourceMarker(6, "mine")).isEmpty();
    assertThat(table.resourceMarker(7, "mine")).isEmpty();
    assertThat(table.resourceMarker(8, "mine")).as("gone").isEmpty();
  }

  @Test
  void refusesTicksPerSecondBelowOne() {
    assertThatThrownBy(() -> new ProcTable(proc, 0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Clock ticks per second are more than 0, got 0");
  }

  @Test
  void readsTheSocketsAProcessHolds() throws IOException {
    Path fd = Files.createDirectories(proc.resolve("9/fd"));
    Files.createSymbolicLink(fd.resolve("3"), Path.of("socket:[7001]"));
    Files.createSymbolicLink(fd.resolve("4"), Path.of("/dev/null"));

    assertThat(table.socketInodes(9)).containsExactly(7001L);
    assertThat(table.socketAt(9, "3")).hasValue(7001);
    assertThat(table.socketAt(9, "4")).isEmpty();
    assertThat(table.cmdline(9)).isEmpty();
    write("9/cmdline", "sleep\0" + "600\0");
    assertThat(table.cmdline(9)).hasValue(List.of("sleep", "600"));
  }

  private void process(int pid, char state, long startTicks) throws IOException {
    write(pid + "/stat", pid + " (sleep) " + state + " 1 " + pid + " " + pid
        + " 0 -1 4194304 100 0 0 0 1 2 0 0 20 0 1 0 " + startTicks + " 1000 100 18446744073709551615\n");
  }

  private void write(String file, String text) throws IOException {
    Path path = proc.resolve(file);
    Files.createDirectories(path.getParent());
    Files.writeString(path, text, StandardCharsets.UTF_8);
  }
}
