package dev.steward.status;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.steward.CoreSettings;
import dev.steward.Settings;
import dev.steward.internal.status.StatusCodec;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Asks a running instance what it is doing: the socket first, and when nothing answers, the last
 * status file, with warnings when it is old or its process is gone (the pid's start time is
 * checked, so a later process that got the same pid is not taken for the instance). Immutable and
 * thread-safe; each call opens its own connection, or use {@link #connect()} for many calls.
 */
public final class StatusClient {
  /** The largest answer a client reads: a status of many thousand items still fits. */
  static final int MAX_ANSWER_BYTES = 64 * 1024 * 1024;
  /**
   * How far two readings of one process's start time may differ. Java derives it from the
   * kernel's boot time and the start in clock ticks, so two JVMs read the same instant unless
   * the system clock was stepped in between; a looser bound would take a pid reused within it
   * for the instance.
   */
  static final Duration START_TIME_TOLERANCE = Duration.ofMillis(100);

  private final StatusLocation location;
  private final Duration staleAfter;
  private final Duration timeout;
  private final Clock clock;

  private StatusClient(StatusLocation location, Duration staleAfter, Duration timeout, Clock clock) {
    this.location = Objects.requireNonNull(location, "location");
    this.staleAfter = Objects.requireNonNull(staleAfter, "staleAfter");
    this.timeout = Objects.requireNonNull(timeout, "timeout");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** A client of the instance at {@code location}: stale after 10 s, answers awaited for 5 s. */
  public static StatusClient of(StatusLocation location) {
    return new StatusClient(location, StatusSettings.STALE_AFTER.defaultValue().orElseThrow(), Duration.ofSeconds(5),
        Clock.systemUTC());
  }

  /** From {@link StatusSettings} and {@link CoreSettings#INSTANCE} and {@link CoreSettings#CLOCK}. */
  public static StatusClient of(Settings settings) {
    return new StatusClient(StatusLocation.of(settings), settings.get(StatusSettings.STALE_AFTER), Duration.ofSeconds(5),
        settings.get(CoreSettings.CLOCK));
  }

  public StatusClient withStaleAfter(Duration threshold) {
    if (threshold.isNegative() || threshold.isZero()) {
      throw new IllegalArgumentException("The stale-after threshold must be positive, got " + threshold);
    }
    return new StatusClient(location, threshold, timeout, clock);
  }

  /** How long to wait for the socket to answer. */
  public StatusClient withTimeout(Duration answerTimeout) {
    if (answerTimeout.isNegative() || answerTimeout.isZero()) {
      throw new IllegalArgumentException("The answer timeout must be positive, got " + answerTimeout);
    }
    return new StatusClient(location, staleAfter, answerTimeout, clock);
  }

  public StatusClient withClock(Clock newClock) {
    return new StatusClient(location, staleAfter, timeout, newClock);
  }

  public StatusLocation location() {
    return location;
  }

  /** The status: from the socket, else from the file with warnings, else none found. Never throws for what it finds. */
  public StatusReport report() {
    List<String> warnings = new ArrayList<>();
    Set<StatusReport.Problem> problems = EnumSet.noneOf(StatusReport.Problem.class);
    String socketProblem;
    try (Connection connection = connect()) {
      try {
        return new StatusReport(StatusReport.Source.SOCKET, Optional.of(connection.status()), problems, warnings, location);
      } catch (StatusFormatException e) {
        problems.add(e.unsupportedVersion().isPresent() ? StatusReport.Problem.UNSUPPORTED_VERSION : StatusReport.Problem.UNREADABLE);
        warnings.add(e.getMessage());
        return new StatusReport(StatusReport.Source.SOCKET, Optional.empty(), problems, warnings, location);
      }
    } catch (StatusUnavailableException e) {
      socketProblem = e.reason();
    } catch (StatusRequestException e) {
      if (e.code() == StatusRequestException.PEER_REFUSED) {
        problems.add(StatusReport.Problem.REFUSED);
        warnings.add(e.getMessage());
        socketProblem = null;
      } else {
        problems.add(StatusReport.Problem.SOCKET_UNREACHABLE);
        warnings.add("The instance answered 'status' on " + location.socket() + " with an error: " + e.getMessage());
        socketProblem = null;
      }
    }
    if (socketProblem != null && Files.exists(location.socket(), LinkOption.NOFOLLOW_LINKS)) {
      problems.add(StatusReport.Problem.SOCKET_UNREACHABLE);
      warnings.add("Nothing answers on " + location.socket() + " (" + socketProblem + ").");
    }
    Optional<StatusSnapshot> fromFile;
    try {
      fromFile = StatusFile.read(location.file());
    } catch (StatusFormatException e) {
      problems.add(e.unsupportedVersion().isPresent() ? StatusReport.Problem.UNSUPPORTED_VERSION : StatusReport.Problem.UNREADABLE);
      warnings.add(e.getMessage());
      return new StatusReport(StatusReport.Source.FILE, Optional.empty(), problems, warnings, location);
    } catch (AccessDeniedException e) {
      problems.add(StatusReport.Problem.UNREADABLE);
      warnings.add("The status file " + location.file() + " cannot be read by this user (permission denied): it belongs to the user that runs the instance.");
      return new StatusReport(StatusReport.Source.NONE, Optional.empty(), problems, warnings, location);
    } catch (IOException e) {
      problems.add(StatusReport.Problem.UNREADABLE);
      warnings.add("The status file " + location.file() + " cannot be read: " + e);
      return new StatusReport(StatusReport.Source.NONE, Optional.empty(), problems, warnings, location);
    }
    if (fromFile.isEmpty()) {
      warnings.add("No running instance found: nothing answers on " + location.socket() + " and there is no status file "
          + location.file() + ".");
      return new StatusReport(StatusReport.Source.NONE, Optional.empty(), problems, warnings, location);
    }
    judgeFile(fromFile.get(), problems, warnings);
    return new StatusReport(StatusReport.Source.FILE, fromFile, problems, warnings, location);
  }

  private void judgeFile(StatusSnapshot snapshot, Set<StatusReport.Problem> problems, List<String> warnings) {
    Instant now = clock.instant();
    Duration age = Duration.between(snapshot.heartbeatAt(), now);
    String written = "written " + (age.isNegative() ? "just now" : Durations.format(age) + " ago") + " (" + snapshot.heartbeatAt() + ")";
    Optional<ProcessHandle> process = ProcessHandle.of(snapshot.pid()).filter(ProcessHandle::isAlive);
    if (process.isEmpty()) {
      problems.add(StatusReport.Problem.PROCESS_GONE);
      warnings.add("Stale status: process " + snapshot.pid() + " that wrote " + location.file() + " is not running any more;"
          + " the instance did not shut down cleanly (crashed or killed). Below is its last status, " + written + ".");
    } else {
      Optional<Instant> started = process.get().info().startInstant();
      if (snapshot.processStartedAt().isPresent() && started.isPresent()
          && Duration.between(snapshot.processStartedAt().get(), started.get()).abs().compareTo(START_TIME_TOLERANCE) > 0) {
        problems.add(StatusReport.Problem.PID_REUSED);
        warnings.add("Stale status: pid " + snapshot.pid() + " now belongs to another process (started "
            + started.get() + ", not " + snapshot.processStartedAt().get() + " like the instance that wrote "
            + location.file() + "); the instance is gone. Below is its last status, " + written + ".");
      } else {
        warnings.add("The instance (pid " + snapshot.pid() + ") is running but does not answer on " + location.socket()
            + "; below is its status file, " + written + ".");
      }
    }
    if (age.compareTo(staleAfter) > 0) {
      problems.add(StatusReport.Problem.FILE_OLD);
      warnings.add("The status file is older than " + Durations.format(staleAfter) + ": it was last " + written
          + "; the instance is hung or gone.");
    }
  }

  /** Calls {@code method} without params. @see #call(String, Map) */
  public Object call(String method) {
    return call(method, Map.of());
  }

  /**
   * Calls a method on the running instance.
   *
   * @throws StatusUnavailableException when nothing answers on the socket
   * @throws StatusRequestException when the instance answered with an error
   */
  public Object call(String method, Map<String, ?> params) {
    try (Connection connection = connect()) {
      return connection.call(method, params);
    }
  }

  /**
   * A connection for many calls, one after another.
   *
   * @throws StatusUnavailableException when nothing answers on the socket
   */
  public Connection connect() {
    location.socketPathProblem().ifPresent(problem -> {
      throw new StatusUnavailableException(location, problem);
    });
    SocketChannel channel = null;
    try {
      channel = SocketChannel.open(StandardProtocolFamily.UNIX);
      channel.connect(UnixDomainSocketAddress.of(location.socket()));
      return new Connection(channel);
    } catch (IOException e) {
      closeQuietly(channel);
      throw new StatusUnavailableException(location, describe(e));
    }
  }

  private static String describe(IOException e) {
    String message = String.valueOf(e.getMessage());
    String lower = message.toLowerCase(Locale.ROOT);
    if (lower.contains("no such file")) {
      return "there is no socket file";
    }
    if (lower.contains("refused")) {
      return "connection refused: a socket file is left, but no process listens on it";
    }
    if (lower.contains("permission denied")) {
      return "permission denied: the socket belongs to another user";
    }
    return message;
  }

  private static void closeQuietly(SocketChannel channel) {
    if (channel != null) {
      try {
        channel.close();
      } catch (IOException ignored) {
        // nothing to release
      }
    }
  }

  /** One connection to the status socket. Not thread-safe: one call at a time. */
  public final class Connection implements AutoCloseable {
    private final SocketChannel channel;
    private final Selector selector;
    private final ByteBuffer in = ByteBuffer.allocate(64 * 1024);
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();
    private long nextId = 1;

    private Connection(SocketChannel channel) throws IOException {
      this.channel = channel;
      channel.configureBlocking(false);
      this.selector = Selector.open();
      channel.register(selector, SelectionKey.OP_READ);
      in.flip();
    }

    /**
     * The instance's status, read from its answer to {@code status}.
     *
     * @throws StatusFormatException when it answers in a format version this Steward does not read
     * @throws StatusUnavailableException when the instance does not answer in time or goes away
     */
    public StatusSnapshot status() {
      return StatusCodec.fromTree(callTree("status", StatusCodec.JSON.createObjectNode()), "The status from " + location.socket());
    }

    /**
     * Calls a method on the instance. The params and the result are JSON as plain Java values: a
     * {@code Map} for an object, a {@code List}, a {@code String}, a {@code Number}, a {@code
     * Boolean}, or {@code null}.
     *
     * @throws StatusUnavailableException when the instance does not answer in time or goes away
     * @throws StatusRequestException when it answered with an error
     */
    public Object call(String method, Map<String, ?> params) {
      return StatusCodec.JSON.convertValue(callTree(method, StatusCodec.JSON.valueToTree(params)), Object.class);
    }

    private JsonNode callTree(String method, JsonNode params) {
      ObjectNode request = StatusCodec.JSON.createObjectNode();
      long id = nextId++;
      request.put("jsonrpc", "2.0").put("id", id).put("method", method).set("params", params);
      JsonNode answer;
      IOException sendFailure = null;
      try {
        byte[] bytes = StatusCodec.JSON.writeValueAsBytes(request);
        send(ByteBuffer.allocate(bytes.length + 1).put(bytes).put((byte) '\n').flip());
      } catch (IOException e) {
        // A server that refuses a client writes why and closes at once, maybe before the request
        // goes out: the reason is still there to read.
        sendFailure = e;
      }
      try {
        answer = StatusCodec.STRICT.readTree(readLine());
      } catch (IOException e) {
        IOException cause = sendFailure != null ? sendFailure : e;
        throw new StatusUnavailableException(location, "the instance went away or answered garbage: " + cause.getMessage());
      }
      JsonNode error = answer.get("error");
      if (error != null && error.isObject()) {
        throw new StatusRequestException(error.path("code").asInt(StatusRequestException.INTERNAL_ERROR),
            error.path("message").asText("(no message)"));
      }
      if (sendFailure != null || !answer.has("result") || answer.path("id").asLong(-1) != id) {
        throw new StatusUnavailableException(location, "the answer is not a JSON-RPC answer to request " + id);
      }
      return answer.get("result");
    }

    private void send(ByteBuffer data) throws IOException {
      long deadline = System.nanoTime() + timeout.toNanos();
      while (data.hasRemaining()) {
        if (channel.write(data) == 0) {
          await(SelectionKey.OP_WRITE, deadline);
        }
      }
    }

    private byte[] readLine() throws IOException {
      long deadline = System.nanoTime() + timeout.toNanos();
      line.reset();
      while (true) {
        int start = in.position();
        for (int i = start; i < in.limit(); i++) {
          if (in.get(i) == '\n') {
            line.write(in.array(), start, i - start);
            in.position(i + 1);
            return line.toByteArray();
          }
        }
        line.write(in.array(), start, in.limit() - start);
        in.position(in.limit());
        if (line.size() > MAX_ANSWER_BYTES) {
          throw new IOException("the answer is larger than " + MAX_ANSWER_BYTES + " bytes");
        }
        in.clear();
        int n = channel.read(in);
        in.flip();
        if (n < 0) {
          throw new IOException("the connection was closed before a whole answer came");
        }
        if (n == 0) {
          await(SelectionKey.OP_READ, deadline);
        }
      }
    }

    private void await(int operation, long deadline) throws IOException {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new IOException("no answer within " + timeout.toMillis() + " ms");
      }
      SelectionKey key = channel.keyFor(selector);
      key.interestOps(operation);
      selector.select(Math.max(1, left / 1_000_000));
      selector.selectedKeys().clear();
    }

    @Override
    public void close() {
      try {
        selector.close();
      } catch (IOException ignored) {
        // nothing to release
      }
      closeQuietly(channel);
    }
  }
}
