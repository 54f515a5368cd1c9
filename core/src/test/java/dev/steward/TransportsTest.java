package dev.steward;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class TransportsTest {
  @Test
  @DisplayName("a transport that only runs commands refuses to connect, naming its class and the host")
  void theDefaultConnectRefuses() {
    Transport commandsOnly = new CommandsOnly();

    UnsupportedTransportOperationException e = catchThrowableOfType(
        () -> commandsOnly.connect("web1", 9100, Duration.ofSeconds(1)), UnsupportedTransportOperationException.class);

    assertThat(e.host()).isEqualTo("web1");
    assertThat(e.transportClass()).isEqualTo(CommandsOnly.class.getName());
    assertThat(e.operation()).isEqualTo("open TCP connections");
    assertThat(e.getMessage()).isEqualTo("The transport " + CommandsOnly.class.getName() + " cannot open TCP connections"
        + " (asked for host web1); use a transport that can, such as the built-in local or ssh transport");
  }

  @Test
  @DisplayName("byHost sends connections for this machine to the local transport and every other host to the remote one")
  void byHostRoutesConnections() {
    Recording local = new Recording();
    Recording remote = new Recording();
    Transport both = Transports.byHost(local, remote);

    both.connect("local", 1, Duration.ofSeconds(1));
    both.connect("localhost", 2, Duration.ofSeconds(1));
    both.connect("web1", 3, Duration.ofSeconds(1));

    assertThat(local.connected).containsExactly("local:1", "localhost:2");
    assertThat(remote.connected).containsExactly("web1:3");
  }

  private static class CommandsOnly implements Transport {
    @Override
    public CommandResult run(String host, Command command) {
      throw new UnsupportedOperationException("not in this test");
    }
  }

  private static final class Recording extends CommandsOnly {
    final List<String> connected = new ArrayList<>();

    @Override
    public TcpConnection connect(String host, int port, Duration timeout) {
      connected.add(host + ":" + port);
      return new TcpConnection() {
        @Override
        public InputStream input() {
          return InputStream.nullInputStream();
        }

        @Override
        public OutputStream output() {
          return OutputStream.nullOutputStream();
        }

        @Override
        public void close() {}
      };
    }
  }
}
