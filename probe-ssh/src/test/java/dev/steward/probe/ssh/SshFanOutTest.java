package dev.steward.probe.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.steward.Command;
import dev.steward.testsupport.ssh.EmbeddedSshd;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Fan-out over many hosts of an embedded server, with hosts that refuse, hang, or show the wrong key. */
class SshFanOutTest {
  @TempDir
  static Path dir;
  @RegisterExtension
  static final EmbeddedSshd sshd = EmbeddedSshd.perClass();
  private static EmbeddedSshd impostor;
  private static Path key;

  @BeforeAll
  static void startServers() throws Exception {
    key = Keys.generate(dir, "id_ed25519", "ed25519", "");
    Keys.authorize(key, sshd.authorizedKeys());
    impostor = EmbeddedSshd.start(dir.resolve("impostor-hostkey"), sshd.authorizedKeys(), 0);
    assertThat(impostor.hostKeyFingerprint()).isNotEqualTo(sshd.hostKeyFingerprint());
    Files.writeString(dir.resolve("known_hosts"), sshd.knownHostsLine() + "\n"
        + sshd.knownHostsLine().replace("]:" + sshd.port(), "]:" + impostor.port()) + "\n");
  }

  @AfterAll
  static void stopServers() throws Exception {
    impostor.close();
  }

  /** Several distinct hosts: each user name is a session of its own on the one server. */
  private static List<String> goodHosts(int n) {
    List<String> hosts = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      hosts.add("u" + i + "@" + sshd.host());
    }
    return hosts;
  }

  @Test
  @DisplayName("runs the commands on every host in order and reports each host's results")
  void runsOnEveryHost() {
    try (SshTransport transport = SshTransport.open(TestSettings.isolated(dir).set(SshSettings.IDENTITY_FILES, key.toString()).build())) {
      List<String> hosts = goodHosts(6);
      FanOutReport report = SshFanOut.builder(transport).concurrency(3).build()
          .run(hosts, List.of(Command.of("printf", "one"), Command.of("sh", "-c", "printf two >&2; exit 4")));

      assertThat(report.outcomes()).extracting(HostOutcome::host).containsExactlyElementsOf(hosts);
      assertThat(report.failed()).isEmpty();
      for (HostOutcome outcome : report.outcomes()) {
        assertThat(outcome.results()).hasSize(2);
        assertThat(outcome.results().get(0).stdout()).isEqualTo("one");
        assertThat(outcome.results().get(1).stderr()).isEqualTo("two");
        assertThat(outcome.results().get(1).exitCode()).isEqualTo(4);
      }
      assertThat(transport.openSessions()).isEqualTo(6);
    }
  }

  @Test
  @DisplayName("turns each broken host into a failure with its reason while the others finish, within the concurrency limit")
  void reportsFailingHostsApart() throws Exception {
    try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
         SshTransport transport = SshTransport.open(TestSettings.isolated(dir)
             .set(SshSettings.IDENTITY_FILES, key.toString())
             .set(SshSettings.CONNECT_TIMEOUT, Duration.ofSeconds(120)).build())) {
      List<Socket> held = Collections.synchronizedList(new ArrayList<>());
      java.util.concurrent.atomic.AtomicBoolean released = new java.util.concurrent.atomic.AtomicBoolean();
      Thread acceptor = new Thread(() -> {
        try {
          while (true) {
            held.add(silent.accept());
            if (released.get()) {
              closeAll(held);
            }
          }
        } catch (java.io.IOException e) {
          // closed at the end
        }
      });
      acceptor.setDaemon(true);
      acceptor.start();
      int refusedPort;
      try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
        refusedPort = free.getLocalPort();
      }
      String hanging = "127.0.0.1:" + silent.getLocalPort();
      String refused = "127.0.0.1:" + refusedPort;
      String changed = impostor.host();
      String unknown = "localhost:" + sshd.port();
      List<String> hosts = new ArrayList<>(List.of(hanging, refused, changed, unknown));
      hosts.addAll(goodHosts(8));
      List<String> finishOrder = Collections.synchronizedList(new ArrayList<>());
      AtomicInteger running = new AtomicInteger();
      AtomicInteger mostAtOnce = new AtomicInteger();
      FanOutListener listener = new FanOutListener() {
        @Override
        public void hostStarted(String host) {
          mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
        }

        @Override
        public void hostFinished(HostOutcome outcome, int finished, int total) {
          running.decrementAndGet();
          finishOrder.add(outcome.host());
          if (finished == total - 1) {
            // Every other host is done while the hanging one still waits: let it go now.
            released.set(true);
            closeAll(held);
          }
        }
      };

      FanOutReport report = SshFanOut.builder(transport).concurrency(3).listener(listener).build()
          .run(hosts, List.of(Command.of("uname", "-s")));

      assertThat(report.outcome(hanging).orElseThrow().failure()).get().extracting(HostFailure::reason)
          .isEqualTo(FailureReason.SESSION_BROKEN);
      assertThat(report.outcome(refused).orElseThrow().failure()).get().extracting(HostFailure::reason).isEqualTo(FailureReason.REFUSED);
      assertThat(report.outcome(changed).orElseThrow().failure()).get().extracting(HostFailure::reason)
          .isEqualTo(FailureReason.HOST_KEY_CHANGED);
      assertThat(report.outcome(unknown).orElseThrow().failure()).get().extracting(HostFailure::reason)
          .isEqualTo(FailureReason.HOST_KEY_UNKNOWN);
      for (HostOutcome failed : report.failed()) {
        assertThat(failed.results()).isEmpty();
        assertThat(failed.failure().orElseThrow().message()).contains(failed.host());
      }
      assertThat(report.completed()).extracting(HostOutcome::host).containsExactlyElementsOf(goodHosts(8));
      assertThat(report.completed()).allSatisfy(o -> assertThat(o.results().get(0).stdout()).isEqualTo("Linux\n"));
      assertThat(mostAtOnce.get()).isBetween(1, 3);
      assertThat(finishOrder).hasSize(12);
      // The hanging host held one worker; the other two went through every other host meanwhile.
      assertThat(finishOrder.indexOf(hanging)).isEqualTo(11);
    }
  }

  @Test
  @DisplayName("reports a host that never answers as TIMEOUT after the connect timeout")
  void reportsTimeout() throws Exception {
    try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
         SshTransport transport = SshTransport.open(TestSettings.isolated(dir)
             .set(SshSettings.CONNECT_TIMEOUT, Duration.ofMillis(500)).build())) {
      String host = "127.0.0.1:" + silent.getLocalPort();
      FanOutReport report = SshFanOut.builder(transport).build().run(List.of(host), List.of(Command.of("true")));

      assertThat(report.failed()).singleElement().satisfies(o ->
          assertThat(o.failure().orElseThrow().reason()).isEqualTo(FailureReason.TIMEOUT));
    }
  }

  private static void closeAll(List<Socket> sockets) {
    synchronized (sockets) {
      for (Socket socket : sockets) {
        try {
          socket.close();
        } catch (java.io.IOException e) {
          // already closed
        }
      }
    }
  }

  @Test
  @DisplayName("reports a host whose login fails as AUTH_FAILED")
  void reportsAuthFailure() throws Exception {
    Path stranger = Keys.generate(dir, "id_stranger_" + System.nanoTime(), "ed25519", "");
    try (SshTransport transport = SshTransport.open(TestSettings.isolated(dir).set(SshSettings.IDENTITY_FILES, stranger.toString()).build())) {
      FanOutReport report = SshFanOut.builder(transport).build().run(List.of(sshd.host()), List.of(Command.of("true")));

      assertThat(report.failed()).singleElement().satisfies(o ->
          assertThat(o.failure().orElseThrow().reason()).isEqualTo(FailureReason.AUTH_FAILED));
    }
  }

  @Test
  @DisplayName("refuses a fan-out without commands and a concurrency out of range")
  void refusesBadArguments() {
    try (SshTransport transport = SshTransport.open(TestSettings.isolated(dir).build())) {
      assertThatThrownBy(() -> SshFanOut.builder(transport).build().run(List.of("h"), List.of()))
          .hasMessageContaining("at least one command");
      assertThatThrownBy(() -> SshFanOut.builder(transport).concurrency(0))
          .hasMessageContaining("between 1 and 1024");
    }
  }
}
