package dev.steward.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.steward.Command;
import dev.steward.CommandResult;
import dev.steward.CommandTimeoutException;
import dev.steward.ConnectionRefusedException;
import dev.steward.CoreSettings;
import dev.steward.TcpConnection;
import dev.steward.Transport;
import dev.steward.TransportException;
import dev.steward.UnsupportedTransportOperationException;
import dev.steward.discovery.ExtensionPoint;
import dev.steward.spi.TransportProvider;
import dev.steward.testsupport.Poll;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link dev.steward.Transport} must have. The host under test needs a POSIX
 * shell and coreutils ({@code sh}, {@code printf}, {@code cat}, {@code head}, {@code sleep},
 * {@code kill}), and nothing listening on port 1 of its loopback. A transport that cannot open TCP
 * connections passes by saying so; one whose hosts share this machine's loopback says so with
 * {@link #reachesThisMachinesLoopback()}, and its connections are tested too.
 */
public abstract class TransportContract extends ProviderContract<TransportProvider, Transport> {
  private Transport transport;

  protected TransportContract() {
    super(ExtensionPoint.TRANSPORT);
  }

  /** The host commands run on, e.g. {@code "local"} or a test SSH server's address. */
  protected abstract String host();

  @BeforeEach
  void createTransport() {
    transport = create(settings().set(CoreSettings.COMMAND_OUTPUT_LIMIT, 4096L));
  }

  @AfterEach
  void closeTransport() {
    transport.close();
  }

  @Test
  @DisplayName("keeps stdout, stderr and the exit status apart")
  void keepsStreamsApart() {
    CommandResult result = transport.run(host(), Command.of("sh", "-c", "printf out; printf err >&2; exit 3"));

    assertThat(result.stdout()).isEqualTo("out");
    assertThat(result.stderr()).isEqualTo("err");
    assertThat(result.exitCode()).isEqualTo(3);
    assertThat(result.succeeded()).isFalse();
    assertThat(result.host()).isEqualTo(host());
  }

  @Test
  @DisplayName("passes every argument unchanged, with no shell interpretation")
  void passesArgumentsUnchanged() {
    List<String> tricky = List.of("a b", "it's", "$HOME", "`id`", "$(id)", "*", ";", "&&", "\"q\"", "back\\slash", "", "-n", "line\nbreak");
    List<String> argv = new ArrayList<>(List.of("printf", "[%s]"));
    argv.addAll(tricky);

    CommandResult result = transport.run(host(), Command.of(argv));

    StringBuilder expected = new StringBuilder();
    tricky.forEach(arg -> expected.append('[').append(arg).append(']'));
    assertThat(result.stdout()).isEqualTo(expected.toString());
  }

  @Test
  @DisplayName("feeds standard input and closes it")
  void feedsStdin() {
    CommandResult result = transport.run(host(), Command.of("cat").withStdin("line one\nline two\n"));

    assertThat(result.stdout()).isEqualTo("line one\nline two\n");
  }

  @Test
  @DisplayName("gives a command without input an empty, closed stdin")
  void closesStdinWhenThereIsNoInput() {
    CommandResult result = transport.run(host(), Command.of("cat").withTimeout(Duration.ofSeconds(20)));

    assertThat(result.stdout()).isEmpty();
    assertThat(result.exitCode()).isZero();
  }

  @Test
  @DisplayName("sets the environment variables a command asks for")
  void setsEnvironment() {
    CommandResult result = transport.run(host(),
        Command.of("sh", "-c", "printf %s \"$STEWARD_CONTRACT\"").withEnvironment(Map.of("STEWARD_CONTRACT", "a value")));

    assertThat(result.stdout()).isEqualTo("a value");
  }

  @Test
  @DisplayName("keeps only the output limit of each stream and flags the cut")
  void capsOutput() {
    CommandResult result = transport.run(host(),
        Command.of("sh", "-c", "head -c 100000 /dev/zero | tr '\\0' x; head -c 10 /dev/zero | tr '\\0' y >&2"));

    assertThat(result.stdout()).hasSize(4096).matches("x+");
    assertThat(result.stdoutTruncated()).isTrue();
    assertThat(result.stderr()).isEqualTo("yyyyyyyyyy");
    assertThat(result.stderrTruncated()).isFalse();
    assertThat(result.exitCode()).isZero();
  }

  @Test
  @DisplayName("kills a command and its children at the timeout, keeping what it printed")
  void killsAtTimeout() {
    Command command = Command.of("sh", "-c", "sleep 300 & echo $!; echo started; wait")
        .withTimeout(Duration.ofMillis(700));

    CommandTimeoutException timeout = catchThrowableOfType(() -> transport.run(host(), command), CommandTimeoutException.class);

    assertThat(timeout).isNotNull();
    assertThat(timeout.host()).isEqualTo(host());
    assertThat(timeout.timeout()).isEqualTo(Duration.ofMillis(700));
    assertThat(timeout.getMessage()).contains("did not finish within 700 ms and was killed");
    String child = timeout.partialStdout().lines().findFirst().orElseThrow();
    assertThat(timeout.partialStdout()).contains("started");
    assertThat(eventually(() -> transport.run(host(), Command.of("kill", "-0", child)).exitCode() != 0))
        .as("the background child %s of the killed command is gone", child)
        .isTrue();
  }

  @Test
  @DisplayName("reports a program that does not exist as an error or as status 127")
  void reportsMissingProgram() {
    try {
      CommandResult result = transport.run(host(), Command.of("steward-no-such-program-4711"));
      assertThat(result.exitCode()).isEqualTo(127);
    } catch (TransportException e) {
      assertThat(e.getMessage()).contains("steward-no-such-program-4711");
      assertThat(e.host()).isEqualTo(host());
    }
  }

  @Test
  @DisplayName("runs many commands at once, each with its own output")
  void runsConcurrently() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<CommandResult>> results = new ArrayList<>();
      for (int i = 0; i < 24; i++) {
        String word = "word-" + i;
        results.add(pool.submit(() -> transport.run(host(), Command.of("sh", "-c", "printf %s \"$1\"", "sh", word))));
      }
      for (int i = 0; i < results.size(); i++) {
        assertThat(results.get(i).get().stdout()).isEqualTo("word-" + i);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  @DisplayName("refuses a host it cannot reach with an error that names the host")
  void namesTheHostItCannotReach() {
    assertThatThrownBy(() -> transport.run(unreachableHost(), Command.of("true")))
        .isInstanceOf(TransportException.class)
        .hasMessageContaining(unreachableHost())
        .satisfies(e -> assertThat(((TransportException) e).host()).isEqualTo(unreachableHost()));
  }

  /** A host this transport cannot run commands on; override for remote transports. */
  protected String unreachableHost() {
    return "steward-unreachable.invalid";
  }

  @Test
  @DisplayName("reports a port nothing listens on as refused, naming the port and the host, or says it cannot connect at all")
  void refusesAClosedPort() {
    // Port 1 (tcpmux) listens almost nowhere.
    Throwable thrown = catchThrowable(() -> transport.connect(host(), 1, Duration.ofSeconds(20)).close());

    if (thrown instanceof UnsupportedTransportOperationException unsupported) {
      assertThat(unsupported.host()).isEqualTo(host());
      return;
    }
    assertThat(thrown).isInstanceOf(ConnectionRefusedException.class);
    assertThat(((ConnectionRefusedException) thrown).port()).isEqualTo(1);
    assertThat(((ConnectionRefusedException) thrown).host()).isEqualTo(host());
    assertThat(thrown.getMessage()).contains("127.0.0.1:1", host());
  }

  @Test
  @DisplayName("carries bytes both ways over a connection to a port on the host's loopback")
  void connectsToALoopbackPort() throws Exception {
    assumeTrue(reachesThisMachinesLoopback(), "the host's loopback is not this machine's, so no listener of this test is there");
    try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      CompletableFuture<String> heard = CompletableFuture.supplyAsync(() -> {
        try (Socket peer = listener.accept()) {
          String hello = new String(peer.getInputStream().readNBytes(5), StandardCharsets.US_ASCII);
          peer.getOutputStream().write("world".getBytes(StandardCharsets.US_ASCII));
          return hello;
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });

      try (TcpConnection connection = transport.connect(host(), listener.getLocalPort(), Duration.ofSeconds(20))) {
        connection.output().write("hello".getBytes(StandardCharsets.US_ASCII));
        connection.output().flush();

        assertThat(new String(connection.input().readAllBytes(), StandardCharsets.US_ASCII)).isEqualTo("world");
      }
      assertThat(heard.get(20, TimeUnit.SECONDS)).isEqualTo("hello");
    }
  }

  /**
   * Whether {@link #host()}'s 127.0.0.1 is this machine's, so that a port this test listens on can be
   * reached through {@link Transport#connect}: true for {@code local} and for an SSH server on this
   * machine. False by default, which skips the test that needs it.
   */
  protected boolean reachesThisMachinesLoopback() {
    return false;
  }

  /** Polls every 20 ms for up to 10 s: another process's state takes a moment to settle. */
  private static boolean eventually(java.util.function.BooleanSupplier condition) {
    return Poll.within(Duration.ofSeconds(10)).eventually(condition);
  }
}
