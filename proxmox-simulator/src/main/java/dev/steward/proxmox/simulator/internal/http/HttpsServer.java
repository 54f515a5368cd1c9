package dev.steward.proxmox.simulator.internal.http;

import dev.steward.proxmox.simulator.internal.http.RequestReader.ParsedRequest;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An HTTPS/1.1 server on a plain {@link SSLServerSocket}, one thread per connection. The JDK's
 * {@code HttpsServer} would not do: it cannot set a reason phrase (pveproxy puts its error text
 * there), cap the requests of a connection, or time out idle connections per server.
 *
 * <p>Every answer with a status of 400 or more carries {@code Connection: close} and the
 * connection is closed after it, as pveproxy does. Thread-safe; {@link #close()} stops accepting,
 * closes every open connection and returns when the threads are told to stop.
 */
public final class HttpsServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(HttpsServer.class);
  private static final AtomicInteger SERVERS = new AtomicInteger();
  // pve-http-server names itself so in every answer.
  private static final String SERVER_NAME = "pve-api-daemon/3.0";
  // RFC 9110 5.6.7 IMF-fixdate: the day always has two digits (RFC_1123_DATE_TIME writes one).
  private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US);

  private final SSLServerSocket listener;
  private final RequestHandler handler;
  private final ConnectionPolicy policy;
  private final Clock clock;
  private final Semaphore workers;
  private final ServerCounters counters = new ServerCounters();
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private final ExecutorService threads;
  private volatile boolean closed;

  private HttpsServer(SSLServerSocket listener, RequestHandler handler, ConnectionPolicy policy, Clock clock) {
    this.listener = listener;
    this.handler = handler;
    this.policy = policy;
    this.clock = clock;
    this.workers = new Semaphore(policy.maxConcurrentRequests(), true);
    int number = SERVERS.incrementAndGet();
    this.threads = Executors.newCachedThreadPool(daemonThreads("proxmox-simulator-" + number + "-"));
  }

  /**
   * Listens on {@code address}:{@code port} (0 for any free port) and starts accepting.
   *
   * @throws UncheckedIOException when the port cannot be bound
   */
  public static HttpsServer start(SSLContext tls, InetAddress address, int port, ConnectionPolicy policy, Clock clock, RequestHandler handler) {
    SSLServerSocket socket;
    try {
      socket = (SSLServerSocket) tls.getServerSocketFactory().createServerSocket();
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress(address, port), 128);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot listen on " + address.getHostAddress() + ":" + port + ": " + e.getMessage(), e);
    }
    SSLParameters parameters = socket.getSSLParameters();
    parameters.setProtocols(new String[] {"TLSv1.3", "TLSv1.2"});
    // pveproxy speaks HTTP/1.1 only; saying so keeps clients that offer h2 from trying it.
    parameters.setApplicationProtocols(new String[] {"http/1.1"});
    socket.setSSLParameters(parameters);
    HttpsServer server = new HttpsServer(socket, handler, policy, clock);
    server.threads.execute(server::acceptLoop);
    return server;
  }

  public int port() {
    return listener.getLocalPort();
  }

  public InetAddress address() {
    return listener.getInetAddress();
  }

  public ServerCounters counters() {
    return counters;
  }

  private void acceptLoop() {
    while (!closed) {
      Socket socket;
      try {
        socket = listener.accept();
      } catch (IOException e) {
        if (!closed) {
          LOG.warn("The simulator stopped accepting connections on port {}: {}", port(), e.toString());
        }
        return;
      }
      counters.connectionOpened();
      open.add(socket);
      threads.execute(() -> serve(socket));
    }
  }

  private void serve(Socket socket) {
    // Not try-with-resources: that would close the socket before a catch could still answer on it.
    try {
      socket.setTcpNoDelay(true);
      socket.setSoTimeout(Math.toIntExact(Math.max(1, policy.idleTimeout().toMillis())));
      BufferedInputStream in = new BufferedInputStream(socket.getInputStream());
      OutputStream out = new BufferedOutputStream(socket.getOutputStream());
      RequestReader reader = new RequestReader(in, out);
      for (int served = 1; !closed; served++) {
        Optional<ParsedRequest> next = reader.next();
        if (next.isEmpty()) {
          return;
        }
        boolean last = served >= policy.maxRequestsPerConnection() || wantsClose(next.get());
        if (!answer(next.get().request(), out, last)) {
          if (served >= policy.maxRequestsPerConnection()) {
            counters.closedAtCap();
          }
          return;
        }
      }
    } catch (SocketTimeoutException e) {
      counters.closedIdle();
      LOG.debug("Closed a connection idle for {} ms", policy.idleTimeout().toMillis());
    } catch (MalformedRequestException e) {
      LOG.debug("Refused a malformed request: {}", e.getMessage());
      writeQuietly(socket, HttpResponse.empty(400, "Bad Request - " + e.getMessage()));
    } catch (SSLException e) {
      LOG.debug("A TLS handshake or record failed: {}", e.toString());
    } catch (SocketException e) {
      LOG.trace("A connection ended: {}", e.toString());
    } catch (IOException e) {
      LOG.debug("A connection failed: {}", e.toString());
    } finally {
      open.remove(socket);
      closeQuietly(socket);
    }
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException e) {
      LOG.trace("Closing a connection failed: {}", e.toString());
    }
  }

  /** Answers one request; whether the connection stays open for another. */
  private boolean answer(HttpRequest request, OutputStream out, boolean last) throws IOException {
    counters.requestStarted();
    HttpResponse response;
    try {
      response = work(request);
      waitUntil(request.arrivedNanos() + response.delay().toNanos());
    } finally {
      // Counted before the answer leaves, so a client that has it sees it counted.
      counters.requestFinished();
    }
    boolean close = last || response.status() >= 400;
    write(out, response, close, request.method().equals("HEAD"));
    LOG.debug("{} -> {} {}", request, response.status(), response.reason());
    return !close;
  }

  private HttpResponse work(HttpRequest request) {
    workers.acquireUninterruptibly();
    try {
      if (!policy.latency().isZero()) {
        waitUntil(System.nanoTime() + policy.latency().toNanos());
      }
      return handler.handle(request);
    } catch (RuntimeException e) {
      LOG.warn("The simulator failed on {}", request, e);
      return HttpResponse.empty(500, "simulator failure: " + e);
    } finally {
      workers.release();
    }
  }

  private void write(OutputStream out, HttpResponse response, boolean close, boolean head) throws IOException {
    String date = HTTP_DATE.format(clock.instant().atZone(ZoneOffset.UTC));
    StringBuilder headers = new StringBuilder(256)
        .append("HTTP/1.1 ").append(response.status()).append(' ').append(response.reason()).append("\r\n")
        .append("Cache-Control: max-age=0\r\n")
        .append("Connection: ").append(close ? "close" : "Keep-Alive").append("\r\n")
        .append("Date: ").append(date).append("\r\n")
        .append("Pragma: no-cache\r\n")
        .append("Server: ").append(SERVER_NAME).append("\r\n")
        .append("Expires: ").append(date).append("\r\n");
    byte[] body = head ? new byte[0] : response.bodyBytes();
    if (body.length > 0) {
      headers.append("Content-Type: application/json;charset=UTF-8\r\n");
    }
    headers.append("Content-Length: ").append(body.length).append("\r\n\r\n");
    out.write(headers.toString().getBytes(StandardCharsets.ISO_8859_1));
    out.write(body);
    out.flush();
  }

  private void writeQuietly(Socket socket, HttpResponse response) {
    try {
      write(socket.getOutputStream(), response, true, false);
    } catch (IOException e) {
      LOG.trace("Could not tell a client its request was malformed: {}", e.toString());
    }
  }

  private static boolean wantsClose(ParsedRequest parsed) {
    boolean http10 = parsed.version().equals("HTTP/1.0");
    String connection = parsed.request().header("Connection").orElse("");
    return connection.equalsIgnoreCase("close") || (http10 && !connection.equalsIgnoreCase("keep-alive"));
  }

  // Stops early when the thread is interrupted, which close() does to every connection thread.
  private static void waitUntil(long deadlineNanos) {
    for (long left = deadlineNanos - System.nanoTime(); left > 0; left = deadlineNanos - System.nanoTime()) {
      LockSupport.parkNanos(left);
      if (Thread.currentThread().isInterrupted()) {
        return;
      }
    }
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      listener.close();
    } catch (IOException e) {
      LOG.debug("Closing the listening socket failed: {}", e.toString());
    }
    open.forEach(HttpsServer::closeQuietly);
    threads.shutdownNow();
  }

  private static ThreadFactory daemonThreads(String prefix) {
    AtomicInteger count = new AtomicInteger();
    return runnable -> {
      Thread thread = new Thread(runnable, prefix + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }

  /** How long a connection may sit idle before the server closes it. */
  public Duration idleTimeout() {
    return policy.idleTimeout();
  }
}
