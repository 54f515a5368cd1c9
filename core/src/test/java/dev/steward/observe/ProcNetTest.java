package dev.steward.observe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.steward.observe.ListeningSocket.Protocol;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The samples were captured while a test program listened on TCP 0.0.0.0:47081 and [::]:47081,
 * 127.0.0.1:47082 and [::1]:47083, UDP 127.0.0.1:47084 and [::]:47085, held a connected UDP socket
 * on 47086 and one TCP connection to 47082; sshd of the host listened on 2024.
 */
class ProcNetTest {
  @Test
  @DisplayName("keeps the LISTEN sockets of /proc/net/tcp, not the connections or TIME_WAIT entries")
  void readsListeningTcpSockets() {
    List<ListeningSocket> sockets = ProcNet.tcp(ProcSamples.read("net/tcp"));

    assertThat(sockets)
        .extracting(ListeningSocket::protocol, ListeningSocket::address, ListeningSocket::port, ListeningSocket::inode, ListeningSocket::uid)
        .containsExactly(
            tuple(Protocol.TCP, "0.0.0.0", 47081, 813006L, 0L),
            tuple(Protocol.TCP, "127.0.0.1", 47082, 813007L, 0L),
            tuple(Protocol.TCP, "0.0.0.0", 2024, 1214L, 0L));
  }

  @Test
  void readsListeningTcp6Sockets() {
    assertThat(ProcNet.tcp6(ProcSamples.read("net/tcp6")))
        .extracting(ListeningSocket::address, ListeningSocket::port, ListeningSocket::inode)
        .containsExactly(tuple("::", 47081, 813005L), tuple("::1", 47083, 813008L));
  }

  @Test
  @DisplayName("keeps the unconnected UDP sockets (state 07), not the connected ones")
  void readsUnconnectedUdpSockets() {
    assertThat(ProcNet.udp(ProcSamples.read("net/udp")))
        .extracting(ListeningSocket::protocol, ListeningSocket::address, ListeningSocket::port, ListeningSocket::inode)
        .containsExactly(tuple(Protocol.UDP, "127.0.0.1", 47084, 813009L));
    assertThat(ProcNet.udp6(ProcSamples.read("net/udp6")))
        .extracting(ListeningSocket::address, ListeningSocket::port, ListeningSocket::endpoint)
        .containsExactly(tuple("::", 47085, "udp:47085"));
  }

  @Test
  @DisplayName("writes IPv6 addresses the RFC 5952 way, IPv4-mapped ones with a dotted tail, and reads lowercase states")
  void formatsIpv6Addresses() {
    assertThat(ProcNet.tcp6(ProcSamples.read("net/tcp6-edge")))
        .extracting(ListeningSocket::address, ListeningSocket::port, ListeningSocket::uid)
        .containsExactly(
            tuple("::ffff:10.0.0.1", 8080, 1000L),
            tuple("fe80::1", 22, 0L),
            tuple("2001:db8::1:0:0:1", 65535, 65534L),
            tuple("1:2:3:4:5:6:7:8", 1, 0L));
  }

  @Test
  void readsATableWithNoSocketsAsEmpty() {
    assertThat(ProcNet.udp("   sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode ref pointer drops\n"))
        .isEmpty();
  }

  @Test
  @DisplayName("refuses a table of the other address family, naming the file, the line and the field")
  void refusesTheOtherFamily() {
    assertThatThrownBy(() -> ProcNet.tcp(ProcSamples.read("net/tcp6")))
        .isInstanceOf(OutputParseException.class)
        .hasMessageStartingWith("Cannot read the output of /proc/net/tcp at line 2: the remote address '0000000000")
        .hasMessageContaining("is not 8 hexadecimal digits, ':' and a 4-digit port");
  }

  @Test
  void refusesTextWithoutTheHeader() {
    assertThatThrownBy(() -> ProcNet.udp6("   0: 0100007F:B7EC 00000000:0000 07"))
        .isInstanceOf(OutputParseException.class)
        .hasMessage("Cannot read the output of /proc/net/udp6 at line 1: expected the header line starting with "
            + "'sl  local_address', found '   0: 0100007F:B7EC 00000000:0000 07'")
        .satisfies(e -> assertThat(((OutputParseException) e).line()).isEqualTo(1));
  }

  @Test
  void refusesALineCutShort() {
    String header = ProcSamples.read("net/tcp").lines().findFirst().orElseThrow();
    assertThatThrownBy(() -> ProcNet.tcp(header + "\n   0: 00000000:07E8 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0\n"))
        .isInstanceOf(OutputParseException.class)
        .hasMessage("Cannot read the output of /proc/net/tcp at line 2: the line ends before the timeout: "
            + "'   0: 00000000:07E8 00000000:0000 0A 00000000:00000000 00:00...'");
  }
}
