package dev.steward.internal.proc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steward.ProcessIdentity;
import dev.steward.ProcessSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** This machine's process table against a real {@code sleep} started by the test. */
class ProcTableIT {
  private final ProcTable table = ProcTable.ofThisMachine();
  private Process sleep;

  @AfterEach
  void stopTheSleep() throws InterruptedException {
    if (sleep != null) {
      sleep.destroyForcibly();
      sleep.waitFor();
    }
  }

  @Test
  @DisplayName("USER_HZ is what getconf CLK_TCK says, read without running it")
  void userHzIsWhatGetconfSays() throws Exception {
    Process getconf = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
    String said = new String(getconf.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).strip();
    assertThat(getconf.waitFor(10, TimeUnit.SECONDS)).isTrue();

    assertThat(UserHz.ofThisMachine()).isEqualTo(Long.parseLong(said));
    assertThat(table.ticksPerSecond()).isEqualTo(UserHz.ofThisMachine());
    assertThat(ProcTable.ofThisMachine()).as("one table per JVM").isSameAs(table);
  }

  @Test
  @DisplayName("a real sleep: its identity is its pid and field 22 of its stat, its start time the JDK's, its marker found")
  void identifiesARealProcess() throws Exception {
    ProcessBuilder builder = new ProcessBuilder("sleep", "600");
    builder.environment().put(ProcessSpec.ENV_INSTANCE, "proc-table-it");
    builder.environment().put(ProcessSpec.ENV_RESOURCE, "node/sleeper");
    sleep = builder.start();

    ProcessIdentity identity = table.identity(sleep.pid()).orElseThrow();

    assertThat(identity).isEqualTo(new ProcessIdentity(sleep.pid(), startTicksOf(sleep.pid())));
    assertThat(table.isRunning(identity)).isTrue();
    Instant startedAt = table.startedAt(identity.startTicks());
    Instant jdkSays = sleep.info().startInstant().orElseThrow();
    assertThat(Duration.between(jdkSays, startedAt).abs()).as("%s vs the JDK's %s", startedAt, jdkSays)
        .isLessThanOrEqualTo(Duration.ofSeconds(1));
    assertThat(table.resourceMarker(sleep.pid(), "proc-table-it")).hasValue("node/sleeper");
    assertThat(table.resourceMarker(sleep.pid(), "another-instance")).isEmpty();
    assertThat(table.pids()).contains((int) sleep.pid(), (int) ProcessHandle.current().pid());

    sleep.destroyForcibly();
    sleep.waitFor();

    assertThat(table.isRunning(identity)).as("after it was killed and reaped").isFalse();
  }

  @Test
  void findsTheListeningSocketOfThisJvm() throws IOException {
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
      List<Long> inodes = table.scan().listeningTcp().stream().filter(s -> s.port() == socket.getLocalPort())
          .map(s -> s.inode()).toList();

      assertThat(inodes).isNotEmpty();
      assertThat(table.socketInodes(ProcessHandle.current().pid())).containsAll(inodes);
    }
  }

  /** Field 22 of /proc/PID/stat, read here without the table's parser. */
  private static long startTicksOf(long pid) throws IOException {
    String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
    return Long.parseLong(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[19]);
  }
}
