package dev.steward.internal.status;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.steward.status.InstanceRunningException;
import dev.steward.status.StatusLocation;
import dev.steward.status.StatusRequestException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import jdk.net.ExtendedSocketOptions;
import jdk.net.UnixDomainPrincipal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JSON-RPC 2.0 endpoint on a unix domain socket: one request per line, one answer per line.
 *
 * <p>Threads: one accepts; each connected client is served by one thread of a pool bounded by the
 * client limit (idle threads end after two seconds), so a burst of clients reuses threads instead
 * of creating one per request, and a client beyond the limit is told the server is busy. Blocking
 * unix channels have no read timeout, so a watchdog on the shared scheduler closes a client that
 * has sent nothing, or not read its answer, for the idle timeout.
 *
 * <p>Security: the socket file is bound inside a fresh 0700 directory, set to 0600 there and only
 * then renamed to its public path, so it is never reachable with wider permissions whatever the
 * umask and whatever the status directory's own mode. Each client's user comes from {@code
 * SO_PEERCRED} and must be the user that owns the socket file; others get one error line and are
 * disconnected. Thread-safe.
 */
public final class StatusServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(StatusServer.class);
  private static final ObjectMapper JSON = StatusCodec.JSON;
  private static final byte[] RESULT_HEAD = "{\"jsonrpc\":\"2.0\",\"id\":".getBytes(StandardCharsets.US_ASCII);
  /** The simpler shape's answer: {@code {"result":} RESULT {@code }}. */
  private static final byte[] SIMPLE_HEAD = "{\"result\":".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] RESULT_MIDDLE = ",\"result\":".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] RESULT_TAIL = "}\n".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] NULL_ID = "null".getBytes(StandardCharsets.US_ASCII);

  /** Answers one method call. */
  public interface Dispatcher {
    /**
     * @throws StatusRequestException to answer with that error
     * @throws IllegalArgumentException for bad params
     */
    Answer call(String method, JsonNode params);
  }

  /**
   * A result: a JSON value, or raw JSON bytes already encoded (the status, shared by every client
   * until it changes; each write reads a duplicate, so the buffer is never changed).
   */
  public record Answer(JsonNode json, ByteBuffer raw) {
    public static Answer of(JsonNode json) {
      return new Answer(Objects.requireNonNull(json, "json"), null);
    }

    public static Answer raw(ByteBuffer encoded) {
      return new Answer(null, encoded.asReadOnlyBuffer());
    }
  }

  /** The limits, from the settings. */
  public record Limits(Duration idleTimeout, int requestLimit, int clientLimit) {}

  private final Path socket;
  private final ServerSocketChannel server;
  private final UserPrincipal owner;
  private final Limits limits;
  private final Dispatcher dispatcher;
  private final ThreadPoolExecutor clients;
  private final Thread acceptor;
  private final ScheduledFuture<?> watchdog;
  private final Set<Connection> connections = ConcurrentHashMap.newKeySet();
  private volatile boolean closed;

  private StatusServer(Path socket, ServerSocketChannel server, UserPrincipal owner, Limits limits, Dispatcher dispatcher,
      ScheduledExecutorService scheduler, String name) {
    this.socket = socket;
    this.server = server;
    this.owner = owner;
    this.limits = limits;
    this.dispatcher = dispatcher;
    AtomicInteger threads = new AtomicInteger();
    this.clients = new ThreadPoolExecutor(0, limits.clientLimit(), 2, TimeUnit.SECONDS, new SynchronousQueue<>(), r -> {
      Thread t = new Thread(r, "steward-status-" + name + "-client-" + threads.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    this.acceptor = new Thread(this::acceptLoop, "steward-status-" + name + "-accept");
    acceptor.setDaemon(true);
    long every = Math.max(5, Math.min(1000, limits.idleTimeout().toMillis() / 4));
    this.watchdog = scheduler.scheduleWithFixedDelay(this::closeIdleClients, every, every, TimeUnit.MILLISECONDS);
    acceptor.start();
  }

  /**
   * Binds {@code location.socket()} and starts serving. The caller holds the instance lock, so a
   * socket file already there was left by a process that died; it is replaced, after checking that
   * nothing answers on it.
   *
   * @throws InstanceRunningException when something still answers on the socket
   */
  public static StatusServer start(StatusLocation location, Limits limits, Dispatcher dispatcher,
      ScheduledExecutorService scheduler) throws IOException {
    Path socket = location.socket();
    removeStaleSocket(location);
    Path privateDir = location.directory().resolve(".s" + String.format("%06x", ThreadLocalRandom.current().nextInt(1 << 24)));
    Files.createDirectory(privateDir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    Path bound = privateDir.resolve("s");
    ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
    try {
      server.bind(UnixDomainSocketAddress.of(bound));
      Files.setPosixFilePermissions(bound, PosixFilePermissions.fromString("rw-------"));
      Files.move(bound, socket, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      UserPrincipal owner = Files.getOwner(socket);
      return new StatusServer(socket, server, owner, limits, dispatcher, scheduler, location.name());
    } catch (IOException | RuntimeException e) {
      server.close();
      Files.deleteIfExists(bound);
      throw e;
    } finally {
      Files.deleteIfExists(privateDir);
    }
  }

  private static void removeStaleSocket(StatusLocation location) throws IOException {
    Path socket = location.socket();
    if (!Files.exists(socket, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    int mode = (Integer) Files.getAttribute(socket, "unix:mode", java.nio.file.LinkOption.NOFOLLOW_LINKS);
    if ((mode & 0170000) != 0140000) {
      throw new IOException(socket + " exists and is not a socket; remove it, or choose another status directory");
    }
    try (SocketChannel probe = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
      throw new InstanceRunningException(location, -1);
    } catch (IOException e) {
      // Connection refused: nobody listens; the file was left by a process that died.
      LOG.info("Replacing the stale status socket {} left by an instance that did not shut down cleanly", socket);
      Files.deleteIfExists(socket);
    }
  }

  /** The number of clients connected right now. */
  public int connectedClients() {
    return connections.size();
  }

  private void acceptLoop() {
    while (!closed) {
      SocketChannel channel;
      try {
        channel = server.accept();
      } catch (ClosedChannelException e) {
        return;
      } catch (IOException e) {
        if (closed) {
          return;
        }
        LOG.warn("The status socket {} could not accept a client: {}", socket, e.toString());
        continue;
      }
      Connection connection = new Connection(channel);
      connections.add(connection);
      try {
        clients.execute(connection);
      } catch (RejectedExecutionException e) {
        connection.refuse(StatusRequestException.BUSY, "The server is busy: " + limits.clientLimit()
            + " clients are connected already (steward.status.client-limit); try again later");
      }
    }
  }

  private void closeIdleClients() {
    long now = System.nanoTime();
    long idle = limits.idleTimeout().toNanos();
    for (Connection c : connections) {
      c.closeIfIdle(now, idle);
    }
  }

  /** Stops serving, disconnects every client and removes the socket file. */
  @Override
  public void close() {
    closed = true;
    watchdog.cancel(false);
    try {
      server.close();
    } catch (IOException e) {
      LOG.debug("Closing the status socket {}", socket, e);
    }
    for (Connection c : connections) {
      c.close();
    }
    clients.shutdown();
    try {
      acceptor.join(5000);
      clients.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try {
      Files.deleteIfExists(socket);
    } catch (IOException e) {
      LOG.warn("Could not remove the status socket {}: {}", socket, e.toString());
    }
  }

  /** One client: reads lines, answers each in order. */
  private final class Connection implements Runnable {
    private final SocketChannel channel;
    private final ByteBuffer in;
    // Guarded by this: the watchdog and the serving thread agree on who closes.
    private boolean busy;
    private boolean closing;
    private volatile boolean timedOut;
    private volatile long writingSince;
    private volatile long lastActivity = System.nanoTime();

    Connection(SocketChannel channel) {
      this.channel = channel;
      this.in = ByteBuffer.allocate(limits.requestLimit());
    }

    @Override
    public void run() {
      try {
        UnixDomainPrincipal peer = channel.getOption(ExtendedSocketOptions.SO_PEERCRED);
        if (!peer.user().equals(owner)) {
          LOG.warn("Refused a status client running as user '{}': the socket {} serves only '{}'",
              peer.user().getName(), socket, owner.getName());
          refuse(StatusRequestException.PEER_REFUSED, "Refused: this status socket serves only user '" + owner.getName()
              + "' (the owner of " + socket + "); the client runs as user '" + peer.user().getName() + "'");
          return;
        }
        serve();
      } catch (ClosedChannelException e) {
        // closed by the watchdog or by close()
      } catch (IOException e) {
        LOG.debug("Status client gone: {}", e.toString());
      } finally {
        close();
      }
    }

    private void serve() throws IOException {
      int scanned = 0;
      while (true) {
        int n = channel.read(in);
        if (n < 0) {
          if (timedOut) {
            writeError(null, StatusRequestException.IDLE_TIMEOUT,
                "Idle timeout: nothing received for " + limits.idleTimeout().toMillis() + " ms; closing");
          }
          return; // or gone, possibly mid-request: nothing to answer
        }
        lastActivity = System.nanoTime();
        int end = in.position();
        int start = 0;
        for (int i = scanned; i < end; i++) {
          if (in.get(i) == '\n') {
            if (!beginRequest()) {
              return;
            }
            handleLine(in.array(), start, i - start);
            endRequest();
            start = i + 1;
          }
        }
        if (start > 0) {
          in.limit(end).position(start);
          in.compact();
          scanned = in.position();
        } else {
          scanned = end;
          if (!in.hasRemaining()) {
            if (beginRequest()) {
              writeError(null, StatusRequestException.INVALID_REQUEST, "Invalid request: a request may be at most "
                  + limits.requestLimit() + " bytes (steward.status.request-limit), ending with a newline; closing");
            }
            return;
          }
        }
      }
    }

    private synchronized boolean beginRequest() {
      if (closing) {
        return false;
      }
      busy = true;
      return true;
    }

    private synchronized void endRequest() {
      busy = false;
      lastActivity = System.nanoTime();
    }

    /**
     * Idle clients are woken by shutting their input down: the serving thread then writes the
     * timeout error itself, so the watchdog never blocks on a client that does not read. A client
     * stuck in a write for that long is closed.
     */
    synchronized void closeIfIdle(long now, long idleNanos) {
      if (closing) {
        return;
      }
      long writing = writingSince;
      if (busy) {
        if (writing != 0 && now - writing > idleNanos) {
          closing = true;
          close();
        }
      } else if (now - lastActivity > idleNanos) {
        closing = true;
        timedOut = true;
        try {
          channel.shutdownInput();
        } catch (IOException e) {
          close();
        }
      }
    }

    void refuse(int code, String message) {
      try {
        write(errorLine(null, code, message));
      } catch (IOException e) {
        // gone already
      } finally {
        close();
      }
    }

    void close() {
      connections.remove(this);
      try {
        channel.close();
      } catch (IOException e) {
        // nothing more to do
      }
    }

    private void handleLine(byte[] bytes, int offset, int length) throws IOException {
      while (length > 0 && (bytes[offset + length - 1] == '\r' || bytes[offset + length - 1] == ' ')) {
        length--;
      }
      if (length == 0) {
        return; // blank lines are allowed between requests
      }
      JsonNode request;
      try {
        request = StatusCodec.STRICT.readTree(bytes, offset, length);
      } catch (JsonProcessingException e) {
        writeError(null, StatusRequestException.PARSE_ERROR, "Parse error: " + e.getOriginalMessage());
        return;
      }
      if (request == null || !request.isObject()) {
        writeError(null, StatusRequestException.INVALID_REQUEST, request != null && request.isArray()
            ? "Invalid request: batches are not supported; send one request object per line"
            : "Invalid request: a request is a JSON object with \"jsonrpc\": \"2.0\", \"method\" and \"id\"");
        return;
      }
      if (!request.has("jsonrpc")) {
        handleSimple(request);
        return;
      }
      JsonNode id = request.get("id");
      if (id != null && !id.isTextual() && !id.isNumber() && !id.isNull()) {
        writeError(null, StatusRequestException.INVALID_REQUEST, "Invalid request: \"id\" must be a string, a number or null");
        return;
      }
      JsonNode method = request.get("method");
      JsonNode params = request.get("params");
      String problem = !"2.0".equals(request.path("jsonrpc").textValue()) ? "\"jsonrpc\" must be \"2.0\""
          : method == null || !method.isTextual() ? "\"method\" must be a string"
          : params != null && !params.isObject() && !params.isArray() ? "\"params\" must be an object or an array"
          : null;
      if (problem != null) {
        writeError(id, StatusRequestException.INVALID_REQUEST, "Invalid request: " + problem);
        return;
      }
      Answer answer;
      try {
        answer = dispatcher.call(method.textValue(), params == null ? JSON.createObjectNode() : params);
      } catch (StatusRequestException e) {
        if (id != null) {
          writeError(id, e.code(), e.getMessage());
        }
        return;
      } catch (IllegalArgumentException e) {
        if (id != null) {
          writeError(id, StatusRequestException.INVALID_PARAMS, "Invalid params: " + e.getMessage());
        }
        return;
      } catch (RuntimeException e) {
        LOG.warn("The status method '{}' failed", method.textValue(), e);
        if (id != null) {
          writeError(id, StatusRequestException.INTERNAL_ERROR, "The method '" + method.textValue() + "' failed: " + e);
        }
        return;
      }
      if (id == null) {
        return; // a notification: no answer
      }
      ByteBuffer result = answer.raw() != null ? answer.raw().duplicate() : ByteBuffer.wrap(JSON.writeValueAsBytes(answer.json()));
      ByteBuffer head = ByteBuffer.allocate(RESULT_HEAD.length + 24 + RESULT_MIDDLE.length);
      head.put(RESULT_HEAD);
      byte[] idBytes = id.isNull() ? NULL_ID : JSON.writeValueAsBytes(id);
      if (idBytes.length > 24) {
        ByteBuffer bigger = ByteBuffer.allocate(head.capacity() + idBytes.length);
        head.flip();
        bigger.put(head);
        head = bigger;
      }
      head.put(idBytes).put(RESULT_MIDDLE).flip();
      write(head, result, ByteBuffer.wrap(RESULT_TAIL));
    }

    /**
     * The simpler request shape older clients send, {@code {"method": ..., "params": ...}} without
     * {@code jsonrpc} and {@code id}: always answered, with {@code {"result": ...}} or {@code
     * {"error": "message"}}.
     */
    private void handleSimple(JsonNode request) throws IOException {
      JsonNode method = request.get("method");
      JsonNode params = request.get("params");
      String problem = method == null || !method.isTextual() ? "\"method\" must be a string"
          : params != null && !params.isObject() && !params.isArray() ? "\"params\" must be an object or an array"
          : null;
      if (problem != null) {
        write(simpleError("Invalid request: " + problem));
        return;
      }
      Answer answer;
      try {
        answer = dispatcher.call(method.textValue(), params == null ? JSON.createObjectNode() : params);
      } catch (StatusRequestException e) {
        write(simpleError(e.getMessage()));
        return;
      } catch (IllegalArgumentException e) {
        write(simpleError("Invalid params: " + e.getMessage()));
        return;
      } catch (RuntimeException e) {
        LOG.warn("The status method '{}' failed", method.textValue(), e);
        write(simpleError("The method '" + method.textValue() + "' failed: " + e));
        return;
      }
      ByteBuffer result = answer.raw() != null ? answer.raw().duplicate() : ByteBuffer.wrap(JSON.writeValueAsBytes(answer.json()));
      write(ByteBuffer.wrap(SIMPLE_HEAD), result, ByteBuffer.wrap(RESULT_TAIL));
    }

    private void writeError(JsonNode id, int code, String message) throws IOException {
      write(errorLine(id, code, message));
    }

    private void write(ByteBuffer... buffers) throws IOException {
      long remaining = 0;
      for (ByteBuffer b : buffers) {
        remaining += b.remaining();
      }
      writingSince = System.nanoTime();
      try {
        while (remaining > 0) {
          remaining -= channel.write(buffers);
        }
      } finally {
        writingSince = 0;
      }
    }
  }

  /** {@code {"error": message}} and a newline: the simpler shape's error. */
  static ByteBuffer simpleError(String message) {
    ObjectNode error = JSON.createObjectNode();
    error.put("error", message);
    try {
      byte[] bytes = JSON.writeValueAsBytes(error);
      ByteBuffer line = ByteBuffer.allocate(bytes.length + 1);
      return line.put(bytes).put((byte) '\n').flip();
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  static ByteBuffer errorLine(JsonNode id, int code, String message) {
    ObjectNode error = JSON.createObjectNode();
    error.put("jsonrpc", "2.0");
    error.set("id", id == null ? JSON.nullNode() : id);
    ObjectNode body = error.putObject("error");
    body.put("code", code);
    body.put("message", message);
    try {
      byte[] bytes = JSON.writeValueAsBytes(error);
      ByteBuffer line = ByteBuffer.allocate(bytes.length + 1);
      return line.put(bytes).put((byte) '\n').flip();
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
