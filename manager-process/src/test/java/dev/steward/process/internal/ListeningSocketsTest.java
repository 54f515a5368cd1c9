package dev.steward.process.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.steward.observe.OutputParseException;
import dev.steward.process.internal.ListeningSockets.Listener;
import java.io.IOException;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class ListeningSocketsTest {
  @Test
  void findsTheListeningIpv4SocketsAndSkipsConnections() throws IOException {
    // Captured with 127.0.0.1:18082 listening and one connection to it, plus a server on 2024.
    assertThat(ListeningSockets.parse(ProcStatTest.resource("tcp.txt"), "/proc/net/tcp"))
        .containsExactly(new Listener(18082, 908647), new Listener(2024, 1214));
  }

  @Test
  void findsTheListeningIpv6SocketsAndSkipsTimeWait() throws IOException {
    assertThat(ListeningSockets.parse(ProcStatTest.resource("tcp6.txt"), "/proc/net/tcp6"))
        .containsExactly(new Listener(18081, 908646));
  }

  @Test
  void aFileWithOnlyTheHeaderHasNoListeners() {
    assertThat(ListeningSockets.parse("  sl  local_address rem_address   st\n", "/proc/net/tcp")).isEmpty();
  }

  @Test
  void aBrokenLineIsATypedErrorNamingFileAndLine() {
    String text = "  sl  local_address rem_address   st\n   0: 00000000:ZZZZ 00000000:0000 0A 0:0 0:0 0 0 0 12 1\n";

    assertThatThrownBy(() -> ListeningSockets.parse(text, "/proc/net/tcp"))
        .isInstanceOf(OutputParseException.class)
        .hasMessageStartingWith("Cannot read the output of /proc/net/tcp at line 2");
  }

  @Property
  void garbageGivesATypedErrorNeverAnotherException(@ForAll String text) {
    try {
      assertThat(ListeningSockets.parse(text, "/proc/net/tcp")).allSatisfy(l -> assertThat(l.port()).isBetween(0, 65535));
    } catch (OutputParseException expected) {
      assertThat(expected.source()).isEqualTo("/proc/net/tcp");
    }
  }
}
