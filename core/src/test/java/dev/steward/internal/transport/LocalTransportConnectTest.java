package dev.steward.internal.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.steward.ConnectionRefusedException;
import dev.steward.Settings;
import dev.steward.TcpConnection;
import dev.steward.Transport;
import dev.steward.TransportException;
import dev.steward.spi.ProviderContext;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The local transport's TCP connections, against real sockets on 127.0.0.1. */
class LocalTransportConnectTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private Transport transport;
  private ServerSocket server;
  private final List<Socket> accepted = new ArrayList<>();

  @BeforeEach
  void start() throws IOException {
    transport = new LocalTransportProvider().create(ProviderContext.of(Settings.empty(), () -> {
      throw new IllegalStateException("the local transport needs no other transport");
    }));
    server = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
  }

  @AfterEach
  void stop() throws IOException {
    transport.close();
    server.close();
    for (Socket socket : accepted) {
      socket.close();
    }
  }

  @Test
  @DisplayName("connects to a port of 127.0.0.1 and carries bytes both ways, for 'local' and 'localhost'")
  void carriesBytesBothWays() throws Exception {
    for (String host : List.of("local", "localhost")) {
      CompletableFuture<String> echoed = CompletableFuture.supplyAsync(this::echoOneLine);
      try (TcpConnection connection = transport.connect(host, server.getLocalPort(), TIMEOUT)) {
        connection.output().write("hello over tcp\n".getBytes(StandardCharsets.UTF_8));
        connection.output().flush();

        assertThat(new String(connection.input().readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("HELLO OVER TCP\n");
      }
      assertThat(echoed.get(10, TimeUnit.SECONDS)).isEqualTo("hello over tcp\n");
    }
  }

  @Test
  @DisplayName("reports a port nothing listens on as refused, naming the port and the host")
  void reportsARefusedPort() throws IOException {
    int port = freePort();

    ConnectionRefusedException e = catchThrowableOfType(() -> transport.connect("local", port, TIMEOUT),
        ConnectionRefusedException.class);

    assertThat(e.port()).isEqualTo(port);
    assertThat(e.host()).isEqualTo("local");
    assertThat(e.getMessage()).startsWith("Nothing listens on 127.0.0.1:" + port + " on local: the connection was refused");
  }

  @Test
  @DisplayName("fails a read that waits longer than the timeout, and a read after close")
  void timesOutASilentPeer() throws Exception {
    CompletableFuture<Socket> silent = CompletableFuture.supplyAsync(this::acceptOne);
    TcpConnection connection = transport.connect("local", server.getLocalPort(), Duration.ofMillis(200));
    silent.get(10, TimeUnit.SECONDS);
    InputStream input = connection.input();

    assertThatThrownBy(input::read).isInstanceOf(SocketTimeoutException.class);

    connection.close();
    connection.close();
    assertThatThrownBy(input::read).isInstanceOf(IOException.class);
  }

  @Test
  @DisplayName("connects on this machine only, and refuses a port outside 1..65535 or a timeout that is not positive")
  void refusesWhatItCannotDo() {
    TransportException remote = catchThrowableOfType(() -> transport.connect("web1", 80, TIMEOUT), TransportException.class);
    assertThat(remote.host()).isEqualTo("web1");
    assertThat(remote.getMessage()).isEqualTo("The local transport connects to ports on this machine only, not on 'web1'."
        + " Use a transport that reaches it, e.g. steward.transport=ssh.");

    assertThatThrownBy(() -> transport.connect("local", 0, TIMEOUT))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("A TCP port is 1 to 65535, not 0");
    assertThatThrownBy(() -> transport.connect("local", 65536, TIMEOUT))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("A TCP port is 1 to 65535, not 65536");
    assertThatThrownBy(() -> transport.connect("local", 80, Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("The timeout to connect must be positive, not PT0S");
  }

  private Socket acceptOne() {
    try {
      Socket socket = server.accept();
      synchronized (accepted) {
        accepted.add(socket);
      }
      return socket;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Reads one line, answers it in upper case and closes. */
  private String echoOneLine() {
    try (Socket socket = acceptOne()) {
      StringBuilder line = new StringBuilder();
      int b;
      while ((b = socket.getInputStream().read()) >= 0) {
        line.append((char) b);
        if (b == '\n') {
          break;
        }
      }
      socket.getOutputStream().write(line.toString().toUpperCase().getBytes(StandardCharsets.UTF_8));
      return line.toString();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      return free.getLocalPort();
    }
  }
}
