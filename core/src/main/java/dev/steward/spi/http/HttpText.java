package dev.steward.spi.http;

import dev.steward.TcpConnection;
import dev.steward.Transport;
import dev.steward.TransportException;
import dev.steward.observe.OutputParseException;
import dev.steward.spi.support.ConnectArguments;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A minimal HTTP/1.1 GET over {@link Transport#connect}: enough to read a small text page, such as
 * a node's Prometheus metrics, from a port on a host's loopback, with no HTTP client on the host
 * and no port opened to the outside. It sends one request with {@code Connection: close} and reads
 * one response whose body comes with a {@code Content-Length}, chunked, or until the server closes.
 * No redirects, no compression, no TLS, no authentication.
 *
 * <p>Thread-safe. Calls share one daemon thread, which closes the connection of a call whose
 * deadline passed: that is what bounds a server that sends a byte now and then, which a timeout per
 * read alone would not.
 */
public final class HttpText {
  /** What the request accepts: the Prometheus text format, which other text pages ignore. */
  private static final String ACCEPT = "text/plain;version=0.0.4";
  /** The longest status or header line; real ones are far shorter, so a longer one is not HTTP. */
  private static final int MAX_LINE = 8 * 1024;
  /** All header lines together, as many servers limit a request's headers. */
  private static final int MAX_HEADERS = 64 * 1024;
  /** How much of the body of an error response is read, to quote its start in the message. */
  private static final int ERROR_BODY = 256;
  private static final Pattern STATUS_LINE = Pattern.compile("HTTP/1\\.[01] ([0-9]{3})(?: (.*))?");
  private static final Pattern CHUNK_SIZE = Pattern.compile("([0-9A-Fa-f]{1,15})[ \t]*(?:;.*)?");
  private static final Pattern DIGITS = Pattern.compile("[0-9]{1,18}");

  private HttpText() {}

  private static String excerpt(String text) {
    return OutputParseException.excerpt(text, 0);
  }

  /**
   * GETs {@code path} from {@code port} on the loopback of {@code host} and returns the body of a
   * {@code 200} answer, decoded as UTF-8.
   *
   * @param path the path and query, starting with {@code /}; printable ASCII without spaces
   * @param timeout the most the whole exchange may take once the transport reached the host (opening
   *     an SSH session to it is bounded by the transport's own timeouts)
   * @param maxBytes the most body bytes to accept
   * @throws dev.steward.ConnectionRefusedException when nothing listens on the port
   * @throws TransportException when the answer is not {@code 200} (the message quotes the status line
   *     and the start of the body), is not HTTP/1.x, has a body over {@code maxBytes}, does not come
   *     within the timeout, or the connection fails
   * @throws IllegalArgumentException for a bad path, port, timeout or limit
   */
  public static String get(Transport transport, String host, int port, String path, Duration timeout, int maxBytes) {
    Objects.requireNonNull(transport, "transport");
    Objects.requireNonNull(host, "host");
    checkPath(path);
    ConnectArguments.check(port, timeout);
    if (maxBytes < 1) {
      throw new IllegalArgumentException("The most body bytes to accept must be positive, not " + maxBytes);
    }
    Exchange exchange = new Exchange(host, port, path, maxBytes);
    long deadline = System.nanoTime() + timeout.toNanos();
    TcpConnection connection = transport.connect(host, port, timeout);
    AtomicBoolean expired = new AtomicBoolean();
    ScheduledFuture<?> alarm = Alarm.TIMER.schedule(() -> {
      expired.set(true);
      connection.close();
    }, Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
    try (connection) {
      return exchange.run(connection);
    } catch (IOException | TransportException e) {
      // Closed at the deadline, a connection may fail in any of these ways, or look cut short.
      if (expired.get() || e instanceof SocketTimeoutException) {
        throw exchange.failure("did not finish within " + timeout.toMillis() + " ms; the server there answers too"
            + " slowly, or not at all", e);
      }
      if (e instanceof TransportException answer) {
        throw answer;
      }
      if (e instanceof InterruptedIOException) {
        Thread.currentThread().interrupt();
        throw exchange.failure("was interrupted", e);
      }
      throw exchange.failure("lost its connection: " + e.getMessage(), e);
    } finally {
      alarm.cancel(false);
    }
  }

  private static void checkPath(String path) {
    Objects.requireNonNull(path, "path");
    if (!path.startsWith("/")) {
      throw new IllegalArgumentException("An HTTP path starts with '/', unlike '" + excerpt(path) + "'");
    }
    for (int i = 0; i < path.length(); i++) {
      char c = path.charAt(i);
      if (c <= ' ' || c >= 0x7f) {
        throw new IllegalArgumentException("An HTTP path is printable ASCII without spaces (percent-encode the rest), unlike '"
            + excerpt(path) + "' at position " + i);
      }
    }
  }

  /** The one thread that closes connections at their deadline, started with the first call. */
  private static final class Alarm {
    static final ScheduledThreadPoolExecutor TIMER = timer();

    private static ScheduledThreadPoolExecutor timer() {
      ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, r -> {
        Thread t = new Thread(r, "steward-http-text-deadline");
        t.setDaemon(true);
        return t;
      });
      // A cancelled alarm leaves the queue at once instead of at its deadline.
      timer.setRemoveOnCancelPolicy(true);
      return timer;
    }
  }

  /** One request and its response. Not thread-safe; used by one call. */
  private static final class Exchange {
    private final String host;
    private final int port;
    private final String path;
    private final int maxBytes;
    private static final String STATUS = "the status line";
    private InputStream in;

    Exchange(String host, int port, String path, int maxBytes) {
      this.host = host;
      this.port = port;
      this.path = path;
      this.maxBytes = maxBytes;
    }

    String run(TcpConnection connection) throws IOException {
      OutputStream out = connection.output();
      out.write(("GET " + path + " HTTP/1.1\r\n"
          + "Host: 127.0.0.1:" + port + "\r\n"
          + "Accept: " + ACCEPT + "\r\n"
          + "Accept-Encoding: identity\r\n"
          + "User-Agent: steward\r\n"
          + "Connection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      out.flush();
      in = new BufferedInputStream(connection.input());
      String statusLine;
      int status;
      Map<String, List<String>> headers;
      do {
        statusLine = line(STATUS);
        Matcher m = STATUS_LINE.matcher(statusLine);
        if (!m.matches()) {
          throw malformed("expected a status line such as 'HTTP/1.1 200 OK', found '" + excerpt(statusLine) + "'");
        }
        status = Integer.parseInt(m.group(1));
        headers = headers();
      } while (status >= 100 && status < 200 && status != 101);
      if (status != 200) {
        String start = errorBodyStart(status, headers);
        throw failure("answered '" + excerpt(statusLine) + "'" + (start.isEmpty() ? "" : ", beginning '" + start + "'"), null);
      }
      byte[] body = body(headers, maxBytes, false);
      return new String(body, StandardCharsets.UTF_8);
    }

    /** The start of an error's body for the message; whatever goes wrong reading it, the status is what counts. */
    private String errorBodyStart(int status, Map<String, List<String>> headers) {
      if (status == 204 || status == 304 || status == 101) {
        return "";
      }
      try {
        return excerpt(new String(body(headers, ERROR_BODY, true), StandardCharsets.UTF_8).strip());
      } catch (IOException | TransportException e) {
        return "";
      }
    }

    private Map<String, List<String>> headers() throws IOException {
      Map<String, List<String>> headers = new HashMap<>();
      int total = 0;
      String last = null;
      while (true) {
        String line = line("a header");
        if (line.isEmpty()) {
          return headers;
        }
        total += line.length() + 2;
        if (total > MAX_HEADERS) {
          throw malformed("expected at most " + MAX_HEADERS + " bytes of headers, found more");
        }
        if ((line.charAt(0) == ' ' || line.charAt(0) == '\t') && last != null) {
          // An obsolete folded line continues the header before it.
          List<String> values = headers.get(last);
          values.set(values.size() - 1, values.get(values.size() - 1) + " " + line.strip());
          continue;
        }
        int colon = line.indexOf(':');
        if (colon <= 0) {
          throw malformed("expected a header line such as 'Content-Length: 42', found '" + excerpt(line) + "'");
        }
        last = line.substring(0, colon).strip().toLowerCase(Locale.ROOT);
        headers.computeIfAbsent(last, k -> new ArrayList<>()).add(line.substring(colon + 1).strip());
      }
    }

    /** The body, as the headers frame it; at {@code limit} bytes it is cut when {@code cut}, else refused. */
    private byte[] body(Map<String, List<String>> headers, int limit, boolean cut) throws IOException {
      List<String> encodings = headers.getOrDefault("content-encoding", List.of());
      if (!encodings.isEmpty() && !String.join(",", encodings).strip().equalsIgnoreCase("identity")) {
        throw malformed("expected an unencoded body, found Content-Encoding '" + excerpt(String.join(", ", encodings))
            + "', although the request asked for identity");
      }
      Body body = new Body(limit, cut);
      List<String> transfer = headers.getOrDefault("transfer-encoding", List.of());
      if (!transfer.isEmpty()) {
        String codings = String.join(",", transfer).strip();
        if (!codings.equalsIgnoreCase("chunked")) {
          throw malformed("expected Transfer-Encoding chunked or none, found '" + excerpt(codings) + "'");
        }
        chunked(body);
      } else if (headers.containsKey("content-length")) {
        long length = contentLength(headers.get("content-length"));
        if (length > limit && !cut) {
          throw tooLarge("announced " + length + " bytes");
        }
        body.copy(in, length, true);
      } else {
        body.copy(in, Long.MAX_VALUE, false);
      }
      return body.bytes();
    }

    private long contentLength(List<String> values) {
      String first = null;
      for (String value : values) {
        for (String one : value.split(",", -1)) {
          String length = one.strip();
          if (!DIGITS.matcher(length).matches() || (first != null && !first.equals(length))) {
            throw malformed("expected one Content-Length, a number of bytes, found '" + excerpt(String.join(", ", values)) + "'");
          }
          first = length;
        }
      }
      return Long.parseLong(first);
    }

    private void chunked(Body body) throws IOException {
      while (!body.full()) {
        String sizeLine = line("a chunk size");
        Matcher m = CHUNK_SIZE.matcher(sizeLine);
        if (!m.matches()) {
          throw malformed("expected the size of a chunk in hexadecimal, found '" + excerpt(sizeLine) + "'");
        }
        long size = Long.parseLong(m.group(1), 16);
        if (size == 0) {
          while (!line("a trailer").isEmpty()) {
            // Trailers (headers after a chunked body) say nothing this reader needs.
          }
          return;
        }
        body.copy(in, size, true);
        if (!body.full() && !line("the end of a chunk").isEmpty()) {
          throw malformed("expected a line break after a chunk of " + size + " bytes, found more data");
        }
      }
    }

    /** One line up to CRLF or LF, without it, read as ISO-8859-1 (as HTTP/1.1 defines header bytes). */
    private String line(String what) throws IOException {
      StringBuilder line = new StringBuilder();
      while (true) {
        int b = in.read();
        if (b < 0) {
          throw malformed(line.length() == 0 && what.equals(STATUS)
              ? "the server closed the connection without an answer"
              : "the connection closed in the middle of the response, while reading " + what);
        }
        if (b == '\n') {
          int end = line.length();
          return end > 0 && line.charAt(end - 1) == '\r' ? line.substring(0, end - 1) : line.toString();
        }
        if (line.length() >= MAX_LINE) {
          throw malformed("expected " + what + " of at most " + MAX_LINE + " bytes, found a longer line");
        }
        line.append((char) b);
      }
    }

    private TransportException malformed(String problem) {
      return failure("did not answer in HTTP/1.x: " + problem, null);
    }

    private TransportException tooLarge(String what) {
      return failure("sent a body larger than " + maxBytes + " bytes (" + what + "), the most it may send", null);
    }

    TransportException failure(String what, Throwable cause) {
      return new TransportException(host, "GET " + excerpt(withoutQuery(path)) + " from 127.0.0.1:" + port + " on " + host
          + " " + what, cause);
    }

    /** The path without its query, which may hold something only the caller should see. */
    private static String withoutQuery(String path) {
      int query = path.indexOf('?');
      return query < 0 ? path : path.substring(0, query);
    }

    /** A body collected up to a limit. */
    private final class Body {
      private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      private final int limit;
      private final boolean cut;
      private boolean full;

      Body(int limit, boolean cut) {
        this.limit = limit;
        this.cut = cut;
      }

      /** Copies {@code count} bytes, or all until the end when not {@code exact}; stops when full if cutting. */
      void copy(InputStream from, long count, boolean exact) throws IOException {
        byte[] buffer = new byte[8192];
        long left = count;
        while (left > 0) {
          int n = from.read(buffer, 0, (int) Math.min(buffer.length, left));
          if (n < 0) {
            if (exact) {
              throw malformed("the connection closed " + left + " bytes before the end of the body");
            }
            return;
          }
          left -= n;
          int room = limit - bytes.size();
          if (n > room) {
            if (!cut) {
              throw tooLarge("at least " + (bytes.size() + (long) n) + " bytes");
            }
            bytes.write(buffer, 0, room);
            full = true;
            return;
          }
          bytes.write(buffer, 0, n);
        }
      }

      boolean full() {
        return full;
      }

      byte[] bytes() {
        return bytes.toByteArray();
      }
    }
  }
}
