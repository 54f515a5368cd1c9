package dev.steward.spi.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.steward.ConnectionRefusedException;
import dev.steward.Settings;
import dev.steward.Transport;
import dev.steward.TransportException;
import dev.steward.internal.transport.LocalTransportProvider;
import dev.steward.observe.PrometheusText;
import dev.steward.spi.ProviderContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** A GET through the local transport, against the JDK's HTTP server and against hand-written answers. */
class HttpTextTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(10);
  private static final String METRICS = "# TYPE in_flight gauge\nin_flight{queue=\"a\"} 3\nin_flight{queue=\"b\"} 4\n";

  private Transport transport;
  private HttpServer server;
  private final CountDownLatch release = new CountDownLatch(1);
  private final AtomicReference<Headers> requestHeaders = new AtomicReference<>();
  private final AtomicReference<String> requestLine = new AtomicReference<>();

  @BeforeEach
  void start() throws IOException {
    transport = new LocalTransportProvider().create(ProviderContext.of(Settings.empty(), () -> {
      throw new IllegalStateException("the local transport needs no other transport");
    }));
    server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
    server.setExecutor(Executors.newCachedThreadPool());
    server.createContext("/metrics", exchange -> {
      requestLine.set(exchange.getRequestMethod() + " " + exchange.getRequestURI() + " " + exchange.getProtocol());
      requestHeaders.set(exchange.getRequestHeaders());
      answer(exchange, 200, METRICS.getBytes(StandardCharsets.UTF_8), false);
    });
    server.createContext("/chunked", exchange -> {
      exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
      exchange.sendResponseHeaders(200, 0);
      try (OutputStream body = exchange.getResponseBody()) {
        for (String line : METRICS.split("(?<=\n)")) {
          body.write(line.getBytes(StandardCharsets.UTF_8));
          body.flush();
        }
      }
    });
    server.createContext("/missing", exchange -> answer(exchange, 404, "no such page\n\u0007here".getBytes(StandardCharsets.UTF_8), false));
    server.createContext("/big", exchange -> answer(exchange, 200, new byte[10_000], false));
    server.createContext("/big-chunked", exchange -> answer(exchange, 200, new byte[10_000], true));
    server.createContext("/stalls", exchange -> {
      exchange.sendResponseHeaders(200, 0);
      exchange.getResponseBody().write("in_flight 1\n".getBytes(StandardCharsets.UTF_8));
      exchange.getResponseBody().flush();
      await(release);
      exchange.close();
    });
    server.start();
  }

  @AfterEach
  void stop() {
    release.countDown();
    server.stop(0);
    ((ExecutorService) server.getExecutor()).shutdownNow();
    transport.close();
  }

  @Test
  @DisplayName("reads a body of a given length, asking with Host, Accept for the Prometheus format and Connection: close")
  void readsAFixedLengthBody() {
    String body = HttpText.get(transport, "local", server.getAddress().getPort(), "/metrics?collect=cpu", TIMEOUT, 4096);

    assertThat(body).isEqualTo(METRICS);
    assertThat(PrometheusText.sum(PrometheusText.parse(body), "in_flight")).hasValue(7);
    assertThat(requestLine.get()).isEqualTo("GET /metrics?collect=cpu HTTP/1.1");
    assertThat(requestHeaders.get().getFirst("Host")).isEqualTo("127.0.0.1:" + server.getAddress().getPort());
    assertThat(requestHeaders.get().getFirst("Accept")).isEqualTo("text/plain;version=0.0.4");
    assertThat(requestHeaders.get().getFirst("Connection")).isEqualTo("close");
  }

  @Test
  @DisplayName("reads a chunked body")
  void readsAChunkedBody() {
    assertThat(HttpText.get(transport, "localhost", server.getAddress().getPort(), "/chunked", TIMEOUT, 4096)).isEqualTo(METRICS);
  }

  @Test
  @DisplayName("reports an answer other than 200 with its status line and the printable start of its body")
  void reportsAnErrorStatus() {
    int port = server.getAddress().getPort();

    TransportException e = catchThrowableOfType(() -> HttpText.get(transport, "local", port, "/missing?token=s3cret", TIMEOUT, 4096),
        TransportException.class);

    assertThat(e.host()).isEqualTo("local");
    assertThat(e.getMessage()).isEqualTo("GET /missing from 127.0.0.1:" + port + " on local answered 'HTTP/1.1 404 Not Found',"
        + " beginning 'no such page\\x0a\\x07here'");
    assertThat(e.getMessage()).doesNotContain("s3cret");
  }

  @Test
  @DisplayName("refuses a body over the limit, whether its length is announced or it comes in chunks")
  void refusesABodyOverTheLimit() {
    int port = server.getAddress().getPort();

    assertThatThrownBy(() -> HttpText.get(transport, "local", port, "/big", TIMEOUT, 1000))
        .isInstanceOf(TransportException.class)
        .hasMessage("GET /big from 127.0.0.1:" + port + " on local sent a body larger than 1000 bytes (announced 10000 bytes),"
            + " the most it may send");
    assertThatThrownBy(() -> HttpText.get(transport, "local", port, "/big-chunked", TIMEOUT, 1000))
        .isInstanceOf(TransportException.class)
        .hasMessageStartingWith("GET /big-chunked from 127.0.0.1:" + port + " on local sent a body larger than 1000 bytes (at least ");
    assertThat(HttpText.get(transport, "local", port, "/big", TIMEOUT, 10_000)).hasSize(10_000);
  }

  @Test
  @DisplayName("gives up on a server that stops sending, at the timeout")
  void timesOutOnAStalledServer() {
    int port = server.getAddress().getPort();

    assertThatThrownBy(() -> HttpText.get(transport, "local", port, "/stalls", Duration.ofMillis(500), 4096))
        .isInstanceOf(TransportException.class)
        .hasMessage("GET /stalls from 127.0.0.1:" + port + " on local did not finish within 500 ms; the server there answers"
            + " too slowly, or not at all");
  }

  @Test
  @DisplayName("gives up at the timeout on a server that sends a byte now and then, which no read alone would time out")
  void timesOutOnADrippingServer() throws Exception {
    try (RawServer drip = new RawServer(out -> {
      out.write("HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      while (true) {
        out.write('x');
        out.flush();
        await(release, Duration.ofMillis(50));
      }
    })) {
      assertThatThrownBy(() -> HttpText.get(transport, "local", drip.port(), "/metrics", Duration.ofMillis(600), 1_000_000))
          .isInstanceOf(TransportException.class)
          .hasMessageContaining("did not finish within 600 ms");
    }
  }

  @Test
  @DisplayName("reads a body that ends when the server closes, and skips an interim 100 Continue")
  void readsABodyUntilTheEnd() throws Exception {
    try (RawServer old = new RawServer(out -> out.write(("HTTP/1.1 100 Continue\r\n\r\n"
        + "HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\nX-Folded: a\r\n  b\r\n\r\n" + METRICS).getBytes(StandardCharsets.UTF_8)))) {
      assertThat(HttpText.get(transport, "local", old.port(), "/metrics", TIMEOUT, 4096)).isEqualTo(METRICS);
    }
  }

  @Test
  @DisplayName("reports what is not HTTP/1.x: another protocol, silence, a bad chunk, a short body, an encoded body")
  void reportsMalformedAnswers() throws Exception {
    assertMalformed("SSH-2.0-OpenSSH_9.2\r\n", "expected a status line such as 'HTTP/1.1 200 OK', found 'SSH-2.0-OpenSSH_9.2'");
    assertMalformed("", "the server closed the connection without an answer");
    assertMalformed("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", "expected the size of a chunk in hexadecimal, found 'zz'");
    assertMalformed("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabcdef\r\n",
        "expected a line break after a chunk of 3 bytes, found more data");
    assertMalformed("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc", "the connection closed 7 bytes before the end of the body");
    assertMalformed("HTTP/1.1 200 OK\r\nContent-Length: 10\r\nContent-Length: 11\r\n\r\n",
        "expected one Content-Length, a number of bytes, found '10, 11'");
    assertMalformed("HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\n\r\n",
        "expected an unencoded body, found Content-Encoding 'gzip', although the request asked for identity");
    assertMalformed("HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, chunked\r\n\r\n",
        "expected Transfer-Encoding chunked or none, found 'gzip, chunked'");
    assertMalformed("HTTP/1.1 200 OK\r\nno colon\r\n\r\n", "expected a header line such as 'Content-Length: 42', found 'no colon'");
    assertMalformed("HTTP/1.1 200 OK\r\n" + "X: " + "y".repeat(9000) + "\r\n\r\n", "expected a header of at most 8192 bytes, found a longer line");
  }

  @Test
  @DisplayName("reports a port nothing listens on as refused")
  void reportsARefusedPort() throws IOException {
    int port;
    try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      port = free.getLocalPort();
    }

    ConnectionRefusedException e = catchThrowableOfType(() -> HttpText.get(transport, "local", port, "/metrics", TIMEOUT, 4096),
        ConnectionRefusedException.class);

    assertThat(e.getMessage()).startsWith("Nothing listens on 127.0.0.1:" + port + " on local");
  }

  @Test
  @DisplayName("refuses a path that does not start with '/' or holds a space or a control character, and a limit below 1")
  void refusesBadArguments() {
    int port = server.getAddress().getPort();
    for (String bad : List.of("metrics", "/a b", "/a\r\nX-Injected: 1", "/\u00e9", "")) {
      assertThatThrownBy(() -> HttpText.get(transport, "local", port, bad, TIMEOUT, 4096))
          .as(bad).isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("An HTTP path ");
    }
    assertThatThrownBy(() -> HttpText.get(transport, "local", port, "/metrics", TIMEOUT, 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("The most body bytes to accept must be positive, not 0");
    assertThatThrownBy(() -> HttpText.get(transport, "local", port, "/metrics", Duration.ofMillis(-1), 10))
        .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("The timeout to connect must be positive");
  }

  private void assertMalformed(String answer, String problem) throws Exception {
    try (RawServer raw = new RawServer(out -> out.write(answer.getBytes(StandardCharsets.UTF_8)))) {
      assertThatThrownBy(() -> HttpText.get(transport, "local", raw.port(), "/metrics", TIMEOUT, 4096))
          .as(answer)
          .isInstanceOf(TransportException.class)
          .hasMessage("GET /metrics from 127.0.0.1:" + raw.port() + " on local did not answer in HTTP/1.x: " + problem);
    }
  }

  private static void answer(HttpExchange exchange, int status, byte[] body, boolean chunked) throws IOException {
    exchange.sendResponseHeaders(status, chunked ? 0 : body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  private static void await(CountDownLatch latch) {
    await(latch, Duration.ofSeconds(60));
  }

  private static void await(CountDownLatch latch, Duration most) {
    try {
      latch.await(most.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** A server on 127.0.0.1 that reads each request's head and writes whatever it is told to, then closes. */
  private static final class RawServer implements AutoCloseable {
    interface Answer {
      void write(OutputStream out) throws IOException;
    }

    private final ServerSocket socket;
    private final Thread acceptor;

    RawServer(Answer answer) throws IOException {
      socket = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
      acceptor = new Thread(() -> serve(answer), "raw-http-server");
      acceptor.setDaemon(true);
      acceptor.start();
    }

    int port() {
      return socket.getLocalPort();
    }

    private void serve(Answer answer) {
      while (!socket.isClosed()) {
        try (Socket client = socket.accept()) {
          readHead(client.getInputStream());
          answer.write(client.getOutputStream());
        } catch (IOException e) {
          // The client went away, or the server closed.
        }
      }
    }

    private static void readHead(InputStream in) throws IOException {
      int ends = 0;
      int b;
      while (ends < 4 && (b = in.read()) >= 0) {
        ends = (b == '\r' || b == '\n') ? ends + 1 : 0;
      }
    }

    @Override
    public void close() {
      try {
        socket.close();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
