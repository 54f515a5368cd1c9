package dev.steward;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CommandTest {

  @Test
  void refusesAnEmptyArgumentVector() {
    assertThatThrownBy(() -> Command.of(List.of()))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("A command needs at least the program to run");
  }

  @Test
  void refusesABlankProgram() {
    assertThatThrownBy(() -> Command.of(" ", "x"))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("A command's program must not be blank");
  }

  @Test
  void refusesNulInAnyArgument() {
    assertThatThrownBy(() -> Command.of("echo", "a\0b"))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("Command arguments cannot contain NUL characters");
  }

  @Test
  void refusesATimeoutThatIsNotPositive() {
    Command echo = Command.of("echo");

    assertThatThrownBy(() -> echo.withTimeout(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("A command timeout must be positive, got PT0S");
    assertThatThrownBy(() -> echo.withTimeout(Duration.ofSeconds(-1)))
        .hasMessage("A command timeout must be positive, got PT-1S");
    assertThat(echo.withTimeout(Duration.ofMillis(1)).timeout()).contains(Duration.ofMillis(1));
  }

  @Test
  void keepsItsOwnCopiesOfArgumentsAndEnvironment() {
    List<String> argv = new ArrayList<>(List.of("echo", "hi"));
    Map<String, String> environment = new HashMap<>(Map.of("LANG", "C"));
    Command command = new Command(argv, Optional.empty(), environment, Optional.empty());

    argv.set(1, "bye");
    environment.put("PATH", "/tmp");

    assertThat(command.argv()).containsExactly("echo", "hi");
    assertThat(command.environment()).containsExactly(Map.entry("LANG", "C"));
    assertThatThrownBy(() -> command.argv().add("x")).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> command.environment().put("X", "1")).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void withMethodsReturnChangedCopies() {
    Command plain = Command.of("cat");

    Command fed = plain.withStdin("secret").withEnvironment(Map.of("A", "1")).withTimeout(Duration.ofSeconds(5));

    assertThat(plain.stdin()).isEmpty();
    assertThat(plain.environment()).isEmpty();
    assertThat(plain.timeout()).isEmpty();
    assertThat(fed.stdin()).contains("secret");
    assertThat(fed.environment()).containsEntry("A", "1");
    assertThat(fed.timeout()).contains(Duration.ofSeconds(5));
  }

  @Test
  void displaysAsAQuotedShellLineWithoutStdin() {
    Command command = Command.of("echo", "hello world", "it's", "", "$HOME", "plain-arg").withStdin("password");

    assertThat(command.display()).isEqualTo("echo 'hello world' 'it'\\''s' '' '$HOME' plain-arg");
    assertThat(command).hasToString(command.display());
    assertThat(command.display()).doesNotContain("password");
  }

  @Test
  void resultSaysWhetherTheCommandSucceeded() {
    Command command = Command.of("false");
    CommandResult ok = new CommandResult("local", command, 0, "out", "", false, false, Duration.ofMillis(3));
    CommandResult failed = new CommandResult("h1", command, 2, "", "  no such file\n", false, false, Duration.ofMillis(3));

    assertThat(ok.succeeded()).isTrue();
    assertThat(ok.requireSuccess()).isSameAs(ok);
    assertThat(failed.succeeded()).isFalse();
    assertThatThrownBy(failed::requireSuccess)
        .isInstanceOf(CommandFailedException.class)
        .hasMessage("'false' on h1 exited with status 2: no such file")
        .extracting(e -> ((CommandFailedException) e).result()).isSameAs(failed);
  }

  @Test
  void failureWithoutStderrSaysSo() {
    CommandResult failed = new CommandResult("h1", Command.of("test", "-e", "/x y"), 1, "", "", false, false, Duration.ZERO);

    assertThatThrownBy(failed::requireSuccess)
        .hasMessage("'test -e '/x y'' on h1 exited with status 1 and printed nothing on stderr");
  }

  @Test
  void failureMessageCutsLongStderr() {
    CommandResult failed = new CommandResult("h1", Command.of("x"), 1, "", "e".repeat(600), false, false, Duration.ZERO);

    assertThatThrownBy(failed::requireSuccess).hasMessage("'x' on h1 exited with status 1: " + "e".repeat(500) + "...");
  }
}
