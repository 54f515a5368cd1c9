package dev.steward.probe.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.steward.Command;
import dev.steward.CommandResult;
import dev.steward.CommandTimeoutException;
import dev.steward.CoreSettings;
import dev.steward.Settings;
import dev.steward.testsupport.Poll;
import dev.steward.testsupport.ssh.EmbeddedSshd;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Pooled sessions, broken sessions, timeouts, exit statuses and output caps, against an embedded server. */
class SessionAndTimeoutTest {
  @TempDir
  static Path dir;
  @RegisterExtension
  static final EmbeddedSshd sshd = EmbeddedSshd.perClass();
  private static Path key;

  @BeforeAll
  static void startServer() throws Exception {
    key = Keys.generate(dir, "id_ecdsa", "ecdsa", "");
    Keys.authorize(key, sshd.authorizedKeys());
    Files.writeString(dir.resolve("known_hosts"), sshd.knownHostsLine() + "\n");
  }


  private static Settings.Builder settings() {
    return TestSettings.isolated(dir).set(SshSettings.IDENTITY_FILES, key.toString());
  }

  @Test
  @DisplayName("runs many commands at once on one pooled session")
  void runsConcurrentlyOnOneSession() throws Exception {
    int before = sshd.sessionsOpened();
    ExecutorService pool = Executors.newFixedThreadPool(16);
    try (SshTransport transport = SshTransport.open(settings().build())) {
      List<Future<CommandResult>> results = new ArrayList<>();
      for (int i = 0; i < 40; i++) {
        String word = "w" + i;
        results.add(pool.submit(() -> transport.run(sshd.host(), Command.of("sh", "-c", "sleep 0.1; printf %s \"$1\"", "sh", word))));
      }
      for (int i = 0; i < results.size(); i++) {
        assertThat(results.get(i).get().stdout()).isEqualTo("w" + i);
      }
      assertThat(transport.openSessions()).isEqualTo(1);
    } finally {
      pool.shutdownNow();
    }
    assertThat(sshd.sessionsOpened() - before).isEqualTo(1);
  }

  @Test
  @DisplayName("notices a session the server dropped and opens a new one, once")
  void reopensABrokenSession() {
    try (SshTransport transport = SshTransport.open(settings().build())) {
      assertThat(transport.run(sshd.host(), Command.of("printf", "one")).stdout()).isEqualTo("one");
      int before = sshd.sessionsOpened();

      sshd.dropSessions();
      CommandResult again = transport.run(sshd.host(), Command.of("printf", "two"));

      assertThat(again.stdout()).isEqualTo("two");
      assertThat(sshd.sessionsOpened() - before).isEqualTo(1);
      assertThat(transport.openSessions()).isEqualTo(1);
    }
  }

  @Test
  @DisplayName("reports a session that breaks while a command runs, and does not run it again")
  void reportsSessionBrokenMidCommand() throws Exception {
    Path marker = dir.resolve("ran-" + System.nanoTime());
    try (SshTransport transport = SshTransport.open(settings().build())) {
      transport.run(sshd.host(), Command.of("true"));
      ExecutorService pool = Executors.newSingleThreadExecutor();
      try {
        Future<CommandResult> running = pool.submit(() -> transport.run(sshd.host(),
            Command.of("sh", "-c", "echo x >> \"$1\"; sleep 30", "sh", marker.toString())));
        assertThat(eventually(() -> Files.exists(marker))).isTrue();
        sshd.dropSessions();

        Throwable e = catchThrowableOfType(running::get, java.util.concurrent.ExecutionException.class).getCause();

        assertThat(e).isInstanceOf(SshConnectionException.class);
        assertThat(((SshConnectionException) e).reason()).isEqualTo(FailureReason.SESSION_BROKEN);
        assertThat(e.getMessage()).contains(sshd.host(), "may or may not have finished");
        assertThat(Files.readAllLines(marker)).hasSize(1);
      } finally {
        pool.shutdownNow();
      }
    }
  }

  @Test
  @DisplayName("drops a session whose server stops answering keepalives, and opens a new one for the next command")
  void dropsASessionThatStopsAnswering() throws Exception {
    try (FreezableProxy proxy = new FreezableProxy(sshd.port());
         SshTransport transport = SshTransport.open(settings()
             .set(SshSettings.HOST_KEY_POLICY, "accept-new")
             .set(SshSettings.KEEPALIVE_INTERVAL, Duration.ofMillis(200)).build())) {
      String host = "127.0.0.1:" + proxy.port();
      assertThat(transport.run(host, Command.of("printf", "before")).stdout()).isEqualTo("before");
      assertThat(transport.openSessions()).isEqualTo(1);

      proxy.freezeOpenConnections();

      assertThat(eventually(() -> transport.openSessions() == 0)).as("the silent session is dropped").isTrue();
      assertThat(transport.run(host, Command.of("printf", "after")).stdout()).isEqualTo("after");
    }
  }

  @Test
  @DisplayName("closes sessions left idle, and opens a new one when needed")
  void closesIdleSessions() {
    try (SshTransport transport = SshTransport.open(settings().set(SshSettings.IDLE_CLOSE, Duration.ofMillis(300)).build())) {
      transport.run(sshd.host(), Command.of("true"));
      assertThat(transport.openSessions()).isEqualTo(1);

      assertThat(eventually(() -> transport.openSessions() == 0)).isTrue();
      assertThat(transport.run(sshd.host(), Command.of("printf", "back")).stdout()).isEqualTo("back");
    }
  }

  @Test
  @DisplayName("gives up on a host that accepts the connection but never speaks SSH, at the connect timeout")
  void timesOutOnASilentServer() throws Exception {
    try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
         SshTransport transport = SshTransport.open(settings().set(SshSettings.CONNECT_TIMEOUT, Duration.ofMillis(800)).build())) {
      List<Socket> accepted = new ArrayList<>();
      Thread acceptor = new Thread(() -> {
        try {
          while (true) {
            accepted.add(silent.accept());
          }
        } catch (java.io.IOException e) {
          // closed at the end of the test
        }
      });
      acceptor.setDaemon(true);
      acceptor.start();
      String host = "127.0.0.1:" + silent.getLocalPort();

      SshConnectionException e = catchThrowableOfType(() -> transport.run(host, Command.of("true")), SshConnectionException.class);

      assertThat(e).isNotNull();
      assertThat(e.reason()).isEqualTo(FailureReason.TIMEOUT);
      assertThat(e.host()).isEqualTo(host);
      assertThat(e.getMessage()).contains("Timed out after 800 ms", host, "steward.ssh.connect-timeout");
    }
  }

  @Test
  @DisplayName("reports a refused connection with the host and what to check")
  void reportsRefusedConnection() throws Exception {
    int port;
    try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = free.getLocalPort();
    }
    try (SshTransport transport = SshTransport.open(settings().build())) {
      SshConnectionException e = catchThrowableOfType(() -> transport.run("127.0.0.1:" + port, Command.of("true")),
          SshConnectionException.class);

      assertThat(e.reason()).isEqualTo(FailureReason.REFUSED);
      assertThat(e.getMessage()).contains("127.0.0.1:" + port, "connection refused", "Is sshd running");
    }
  }

  @Test
  @DisplayName("kills a command that runs too long and keeps what it printed")
  void killsALongCommand() {
    try (SshTransport transport = SshTransport.open(settings().set(CoreSettings.COMMAND_TIMEOUT, Duration.ofMillis(600)).build())) {
      CommandTimeoutException e = catchThrowableOfType(() -> transport.run(sshd.host(),
          Command.of("sh", "-c", "echo begun; echo oops >&2; sleep 60")), CommandTimeoutException.class);

      assertThat(e.partialStdout()).isEqualTo("begun\n");
      assertThat(e.partialStderr()).isEqualTo("oops\n");
      assertThat(e.timeout()).isEqualTo(Duration.ofMillis(600));
      assertThat(transport.run(sshd.host(), Command.of("printf", "still fine")).stdout()).isEqualTo("still fine");
    }
  }

  @Test
  @DisplayName("reports exit statuses, a death by signal as 128 + n, and stderr apart")
  void reportsExitStatuses() {
    try (SshTransport transport = SshTransport.open(settings().build())) {
      for (int status : List.of(0, 1, 2, 42, 255)) {
        assertThat(transport.run(sshd.host(), Command.of("sh", "-c", "exit " + status)).exitCode()).isEqualTo(status);
      }
      assertThat(transport.run(sshd.host(), Command.of("sh", "-c", "kill -TERM $$")).exitCode()).isEqualTo(143);
      CommandResult apart = transport.run(sshd.host(), Command.of("sh", "-c", "echo to-out; echo to-err >&2; echo more-out"));
      assertThat(apart.stdout()).isEqualTo("to-out\nmore-out\n");
      assertThat(apart.stderr()).isEqualTo("to-err\n");
    }
  }

  @Test
  @DisplayName("caps each stream at the output limit and flags the cut, for stderr too")
  void capsOutput() {
    try (SshTransport transport = SshTransport.open(settings().set(CoreSettings.COMMAND_OUTPUT_LIMIT, 1024L).build())) {
      CommandResult result = transport.run(sshd.host(),
          Command.of("sh", "-c", "head -c 300000 /dev/zero | tr '\\0' e >&2; printf 12345"));

      assertThat(result.stderr()).hasSize(1024).matches("e+");
      assertThat(result.stderrTruncated()).isTrue();
      assertThat(result.stdout()).isEqualTo("12345");
      assertThat(result.stdoutTruncated()).isFalse();
    }
  }

  @Test
  @DisplayName("honours Host, HostName, Port, User and IdentityFile of the ssh config")
  void honoursTheSshConfig() throws Exception {
    Path config = dir.resolve("ssh_config");
    Files.writeString(config, "Host web-alias\n  HostName 127.0.0.1\n  Port " + sshd.port() + "\n  User " + EmbeddedSshd.PASSWORD_USER
        + "\n  IdentityFile " + key + "\n");
    try (SshTransport transport = SshTransport.open(TestSettings.isolated(dir).set(SshSettings.CONFIG_FILE, config.toString()).build())) {
      CommandResult result = transport.run("web-alias", Command.of("printf", "%s", "via config"));

      assertThat(result.stdout()).isEqualTo("via config");
      assertThat(result.host()).isEqualTo("web-alias");
    }
  }

  @Test
  @DisplayName("refuses a host string that is not one, before connecting anywhere")
  void refusesBadHostStrings() {
    try (SshTransport transport = SshTransport.open(settings().build())) {
      for (String bad : List.of("-oProxyCommand=x", "a b", "host:99999", "user@", "")) {
        dev.steward.TransportException e = catchThrowableOfType(() -> transport.run(bad, Command.of("true")),
            dev.steward.TransportException.class);
        assertThat(e).as(bad).isNotNull();
        assertThat(e.host()).isEqualTo(bad);
      }
    }
  }

  private static boolean eventually(java.util.function.BooleanSupplier condition) {
    return Poll.within(Duration.ofSeconds(10)).eventually(condition);
  }
}
