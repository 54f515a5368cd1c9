package dev.steward.probe.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.steward.ConnectionRefusedException;
import dev.steward.Settings;
import dev.steward.TcpConnection;
import dev.steward.TransportException;
import dev.steward.observe.PrometheusText;
import dev.steward.spi.http.HttpText;
import dev.steward.testsupport.ssh.EmbeddedSshd;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * TCP connections through SSH (direct-tcpip channels) to a real HTTP server, against an embedded
 * SSH server on this machine: the host's 127.0.0.1 is this machine's.
 */
class SshConnectTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(10);
  private static final String METRICS = "# TYPE in_flight gauge\nin_flight{queue=\"a\"} 3\nin_flight{queue=\"b\"} 4\n";

  @TempDir
  static Path dir;
  @RegisterExtension
  static final EmbeddedSshd sshd = EmbeddedSshd.perClass();
  private static Path key;
  private static HttpServer http;
  private static final CountDownLatch release = new CountDownLatch(1);
  private static final AtomicReference<String> hostHeader = new AtomicReference<>();

  private SshTransport transport;

  @BeforeAll
  static void start() throws Exception {
    key = Keys.generate(dir, "id_ecdsa", "ecdsa", "");
    Keys.authorize(key, sshd.authorizedKeys());
    Files.writeString(dir.resolve("known_hosts"), sshd.knownHostsLine() + "\n");
    http = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
    http.setExecutor(Executors.newCachedThreadPool());
    http.createContext("/metrics", exchange -> {
      hostHeader.set(exchange.getRequestHeaders().getFirst("Host"));
      answer(exchange, 200, METRICS, false);
    });
    http.createContext("/chunked", exchange -> answer(exchange, 200, METRICS, true));
    http.createContext("/missing", exchange -> answer(exchange, 404, "no metrics here", false));
    http.createContext("/stalls", exchange -> {
      exchange.sendResponseHeaders(200, 0);
      exchange.getResponseBody().write("in_flight 1\n".getBytes(StandardCharsets.UTF_8));
      exchange.getResponseBody().flush();
      try {
        release.await(60, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      exchange.close();
    });
    http.start();
  }

  @AfterAll
  static void stopHttp() {
    release.countDown();
    http.stop(0);
    ((ExecutorService) http.getExecutor()).shutdownNow();
  }

  @BeforeEach
  void open() {
    sshd.allowTcpForwarding(true);
    transport = SshTransport.open(TestSettings.isolated(dir).set(SshSettings.IDENTITY_FILES, key.toString())
        .set(SshSettings.MAX_CHANNELS, 3).build());
  }

  @AfterEach
  void close() {
    transport.close();
    sshd.allowTcpForwarding(true);
  }

  @Test
  @DisplayName("GETs a page from a port on the host's loopback through the session, with a length or in chunks")
  void getsAPageThroughTheSession() {
    String body = HttpText.get(transport, sshd.host(), port(), "/metrics", TIMEOUT, 4096);

    assertThat(body).isEqualTo(METRICS);
    assertThat(PrometheusText.sum(PrometheusText.parse(body), "in_flight")).hasValue(7);
    assertThat(hostHeader.get()).isEqualTo("127.0.0.1:" + port());
    assertThat(HttpText.get(transport, sshd.host(), port(), "/chunked", TIMEOUT, 4096)).isEqualTo(METRICS);
  }

  @Test
  @DisplayName("uses one pooled session for many connections, and gives each channel back when it closes")
  void reusesTheSessionAndFreesChannels() {
    int before = sshd.sessionsOpened();

    for (int i = 0; i < 12; i++) {
      assertThat(HttpText.get(transport, sshd.host(), port(), "/metrics", TIMEOUT, 4096)).isEqualTo(METRICS);
    }

    assertThat(sshd.sessionsOpened() - before).as("sessions opened for 12 GETs with 2 free channels").isEqualTo(1);
    assertThat(transport.openSessions()).isEqualTo(1);
  }

  @Test
  @DisplayName("reports an answer other than 200 with its status line and the start of its body")
  void reportsAnErrorStatus() {
    assertThatThrownBy(() -> HttpText.get(transport, sshd.host(), port(), "/missing", TIMEOUT, 4096))
        .isInstanceOf(TransportException.class)
        .hasMessage("GET /missing from 127.0.0.1:" + port() + " on " + sshd.host()
            + " answered 'HTTP/1.1 404 Not Found', beginning 'no metrics here'");
  }

  @Test
  @DisplayName("gives up on a server that stops sending, at the timeout, and the session stays usable")
  void timesOutOnAStalledServer() {
    assertThatThrownBy(() -> HttpText.get(transport, sshd.host(), port(), "/stalls", Duration.ofMillis(500), 4096))
        .isInstanceOf(TransportException.class)
        .hasMessage("GET /stalls from 127.0.0.1:" + port() + " on " + sshd.host() + " did not finish within 500 ms;"
            + " the server there answers too slowly, or not at all");

    assertThat(HttpText.get(transport, sshd.host(), port(), "/metrics", TIMEOUT, 4096)).isEqualTo(METRICS);
  }

  @Test
  @DisplayName("reports a port nothing listens on as refused, naming the port and the host, without waiting for a timeout")
  void reportsARefusedPort() throws IOException {
    int closed;
    try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      closed = free.getLocalPort();
    }

    ConnectionRefusedException e = catchThrowableOfType(() -> transport.connect(sshd.host(), closed, Duration.ofMinutes(5)),
        ConnectionRefusedException.class);

    assertThat(e.port()).isEqualTo(closed);
    assertThat(e.host()).isEqualTo(sshd.host());
    assertThat(e.getMessage()).startsWith("Nothing listens on 127.0.0.1:" + closed + " on " + sshd.host()
        + ": the connection was refused");
    assertThat(HttpText.get(transport, sshd.host(), port(), "/metrics", TIMEOUT, 4096)).as("the session is still fine").isEqualTo(METRICS);
  }

  @Test
  @DisplayName("says so when the SSH server does not forward connections, and what to change there")
  void reportsAServerThatDoesNotForward() {
    sshd.allowTcpForwarding(false);

    TransportException e = catchThrowableOfType(() -> transport.connect(sshd.host(), port(), TIMEOUT), TransportException.class);

    assertThat(e).isNotInstanceOf(ConnectionRefusedException.class);
    assertThat(e.getMessage()).isEqualTo("The SSH server of " + sshd.host() + " does not forward connections, so the connection"
        + " to 127.0.0.1:" + port() + " cannot be opened through it. Allow it there (AllowTcpForwarding yes or local in"
        + " sshd_config, and no restrict or no-port-forwarding on the key in authorized_keys)");
  }

  @Test
  @DisplayName("carries bytes both ways, times out a read that waits too long, and fails a read after close")
  void carriesBytesAndTimesOutReads() throws Exception {
    try (ServerSocket echo = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      Thread echoer = new Thread(() -> {
        try (var client = echo.accept()) {
          client.getOutputStream().write(client.getInputStream().readNBytes(5));
          client.getOutputStream().flush();
          release.await(60, TimeUnit.SECONDS);
        } catch (IOException | InterruptedException e) {
          // the test is over
        }
      }, "echo");
      echoer.setDaemon(true);
      echoer.start();

      TcpConnection connection = transport.connect(sshd.host(), echo.getLocalPort(), Duration.ofMillis(300));
      OutputStream out = connection.output();
      out.write("hello".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = connection.input();

      assertThat(new String(in.readNBytes(5), StandardCharsets.US_ASCII)).isEqualTo("hello");
      assertThatThrownBy(in::read).isInstanceOf(SocketTimeoutException.class);

      connection.close();
      connection.close();
      assertThatThrownBy(in::read).isInstanceOf(IOException.class);
    }
  }

  private static int port() {
    return http.getAddress().getPort();
  }

  private static void answer(HttpExchange exchange, int status, String body, boolean chunked) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(status, chunked ? 0 : bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }
}
