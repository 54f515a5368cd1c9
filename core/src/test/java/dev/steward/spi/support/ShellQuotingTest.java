package dev.steward.spi.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class ShellQuotingTest {
  /** How the JVM encodes process arguments; output is decoded the same way. */
  private static final Charset ARGUMENTS = Charset.forName(System.getProperty("sun.jnu.encoding", "UTF-8"));

  @Test
  void leavesSafeWordsAlone() {
    assertThat(ShellQuoting.quote("web-1.example.org:8080/a,b=c@d%e+f")).isEqualTo("web-1.example.org:8080/a,b=c@d%e+f");
  }

  @Test
  void quotesEmptyAndUnsafeArguments() {
    assertThat(ShellQuoting.quote("")).isEqualTo("''");
    assertThat(ShellQuoting.quote("a b")).isEqualTo("'a b'");
    assertThat(ShellQuoting.quote("$(rm -rf /)")).isEqualTo("'$(rm -rf /)'");
    assertThat(ShellQuoting.quote("it's")).isEqualTo("'it'\\''s'");
    assertThat(ShellQuoting.quote("~")).isEqualTo("'~'");
  }

  @Test
  void joinQuotesEachWord() {
    assertThat(ShellQuoting.join(List.of("ls", "-l", "my file"))).isEqualTo("ls -l 'my file'");
    assertThat(ShellQuoting.join(List.of())).isEmpty();
  }

  @Provide
  Arbitrary<String> arguments() {
    // Any text a process argument can carry: no NUL, no lone surrogates (they cannot be encoded).
    return Arbitraries.strings()
        .withCharRange('\u0001', '\u007f')
        .withCharRange('\u0080', '\ud7ff')
        .withCharRange('\ue000', '\ufffd')
        .withChars('\'', '"', '\\', '$', '`', '!', '*', '?', ';', '&', '|', '<', '>', ' ', '\n', '\t', '~', '#', '-')
        .ofMaxLength(40)
        .filter(s -> ARGUMENTS.newEncoder().canEncode(s));
  }

  @Property(tries = 200)
  void aQuotedArgumentReachesTheShellExactly(@ForAll("arguments") String argument) throws Exception {
    String printed = sh("printf '%s' " + ShellQuoting.quote(argument));

    assertThat(printed).isEqualTo(argument);
  }

  @Property(tries = 100)
  void aJoinedLineSplitsIntoExactlyTheOriginalWords(@ForAll("words") List<String> argv) throws Exception {
    String printed = sh("printf '%s\\0' " + ShellQuoting.join(argv));

    List<String> words = new ArrayList<>(Arrays.asList(printed.split("\0", -1)));
    assertThat(words.remove(words.size() - 1)).isEmpty();
    assertThat(words).isEqualTo(argv);
  }

  @Property(tries = 300)
  void splitUndoesJoin(@ForAll("words") List<String> argv) {
    assertThat(ShellQuoting.split(ShellQuoting.join(argv))).isEqualTo(argv);
  }

  @Property(tries = 100)
  void splitAgreesWithTheShell(@ForAll("arguments") String line) throws Exception {
    List<String> ours;
    try {
      ours = ShellQuoting.split(line);
    } catch (IllegalArgumentException e) {
      return; // broken quoting: the shell would refuse it too (checked in its own test)
    }
    if (line.chars().anyMatch(c -> "$`!*?;&|<>~#()[]{}\n".indexOf(c) >= 0)) {
      return; // characters the shell expands or treats as syntax; split keeps them as text on purpose
    }
    String printed = sh("set -f; printf '%s\\0' " + line);

    List<String> words = new ArrayList<>(Arrays.asList(printed.split("\0", -1)));
    words.remove(words.size() - 1);
    assertThat(ours).isEqualTo(words.isEmpty() || (words.size() == 1 && words.get(0).isEmpty() && ours.isEmpty()) ? List.of() : words);
  }

  @Test
  void splitKeepsQuotedTextAndExpandsNothing() {
    assertThat(ShellQuoting.split("  java -Dx='a b' \"say \\\"hi\\\"\" $HOME *  ")).containsExactly("java", "-Dx=a b", "say \"hi\"", "$HOME", "*");
    assertThat(ShellQuoting.split("a\\ b ''")).containsExactly("a b", "");
    assertThat(ShellQuoting.split("   ")).isEmpty();
  }

  @Test
  void splitRefusesBrokenQuoting() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> ShellQuoting.split("echo 'open"))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("the single quote at position 5 is not closed");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> ShellQuoting.split("echo \"open"))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("the double quote at position 5 is not closed");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> ShellQuoting.split("echo \\"))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("the line ends in a backslash");
  }

  @Provide
  Arbitrary<List<String>> words() {
    return arguments().list().ofMinSize(1).ofMaxSize(6);
  }

  private static String sh(String script) throws IOException, InterruptedException {
    Process process = new ProcessBuilder("sh", "-c", script).redirectErrorStream(true).start();
    process.getOutputStream().close();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (InputStream in = process.getInputStream()) {
      in.transferTo(out);
    }
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("sh finished").isTrue();
    assertThat(process.exitValue()).as("exit status of sh -c %s", script).isZero();
    return out.toString(ARGUMENTS);
  }
}
