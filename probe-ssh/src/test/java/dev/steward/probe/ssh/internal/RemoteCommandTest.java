package dev.steward.probe.ssh.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.steward.Command;
import dev.steward.TransportException;
import dev.steward.spi.support.ShellQuoting;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class RemoteCommandTest {
  private static final String PREFIX = "printf '%s\\n' \"$$\" && exec ";

  @Test
  @DisplayName("prints the shell's pid, then execs the quoted argument vector")
  void quotesEveryWord() {
    String line = RemoteCommand.line("h", Command.of("printf", "%s", "a b; rm -rf /", "$(id)"), false);

    assertThat(line).startsWith(PREFIX);
    assertThat(ShellQuoting.split(line.substring(PREFIX.length()))).containsExactly("printf", "%s", "a b; rm -rf /", "$(id)");
  }

  @Test
  @DisplayName("runs through sudo -n when asked, with the environment set after sudo")
  void usesSudoNonInteractively() {
    String line = RemoteCommand.line("h", Command.of("systemctl", "restart", "x y").withEnvironment(Map.of("LANG", "C")), true);

    assertThat(ShellQuoting.split(line.substring(PREFIX.length())))
        .isEqualTo(List.of("sudo", "-n", "--", "env", "LANG=C", "systemctl", "restart", "x y"));
  }

  @Test
  @DisplayName("refuses environment names a shell could misread")
  void refusesBadEnvironmentNames() {
    assertThatThrownBy(() -> RemoteCommand.line("web1", Command.of("true").withEnvironment(Map.of("A;B", "x")), false))
        .isInstanceOf(TransportException.class)
        .hasMessageContaining("'A;B' cannot be an environment variable");
  }

  @Test
  @DisplayName("kills the whole process group of a timed-out command, through sudo when commands use it")
  void killsTheProcessGroup() {
    assertThat(RemoteCommand.kill(4242, false)).isEqualTo("kill -9 -4242 2>/dev/null || kill -9 4242 2>/dev/null; true");
    assertThat(RemoteCommand.kill(4242, true)).startsWith("sudo -n sh -c 'kill -9 -4242");
  }

  @Test
  @DisplayName("maps a signal name to 128 + its number")
  void mapsSignals() {
    assertThat(RemoteCommand.statusForSignal("TERM")).isEqualTo(143);
    assertThat(RemoteCommand.statusForSignal("KILL")).isEqualTo(137);
    assertThat(RemoteCommand.statusForSignal("SIGSEGV")).isEqualTo(139);
  }
}
