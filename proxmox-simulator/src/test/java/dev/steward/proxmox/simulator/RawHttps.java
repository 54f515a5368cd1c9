package dev.steward.proxmox.simulator;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import javax.net.ssl.SSLSocket;

/**
 * One raw HTTPS connection to a simulator, for what the JDK's HttpClient hides: the reason
 * phrase, the {@code Connection} header, and when the server closes the connection.
 */
final class RawHttps implements AutoCloseable {
  private final SSLSocket socket;
  private final InputStream in;
  private final OutputStream out;

  RawHttps(ProxmoxSimulator simulator) throws IOException {
    socket = (SSLSocket) Trust.exactly(simulator.certificate()).getSocketFactory().createSocket("127.0.0.1", simulator.port());
    socket.setSoTimeout(30_000);
    socket.startHandshake();
    in = socket.getInputStream();
    out = socket.getOutputStream();
  }

  /** Sends one request and reads its answer. */
  Response exchange(String method, String path, String... headers) throws IOException {
    StringBuilder request = new StringBuilder(method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n");
    for (int i = 0; i < headers.length; i += 2) {
      request.append(headers[i]).append(": ").append(headers[i + 1]).append("\r\n");
    }
    out.write(request.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
    out.flush();
    return read();
  }

  private Response read() throws IOException {
    String statusLine = line();
    Map<String, String> headers = new LinkedHashMap<>();
    for (String line = line(); !line.isEmpty(); line = line()) {
      int colon = line.indexOf(':');
      headers.put(line.substring(0, colon).toLowerCase(Locale.ROOT), line.substring(colon + 1).strip());
    }
    int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
    String body = new String(in.readNBytes(length), StandardCharsets.UTF_8);
    String[] parts = statusLine.split(" ", 3);
    return new Response(Integer.parseInt(parts[1]), parts.length > 2 ? parts[2] : "", headers, body);
  }

  /**
   * Waits up to {@code deadline} for the server to close the connection; whether it did. Any
   * byte that arrives instead is a failure.
   */
  boolean closedByServerWithin(Duration deadline) throws IOException {
    socket.setSoTimeout(Math.toIntExact(deadline.toMillis()));
    try {
      int b = in.read();
      if (b >= 0) {
        throw new AssertionError("The server sent a byte instead of closing: " + b);
      }
      return true;
    } catch (SocketTimeoutException e) {
      return false;
    } catch (IOException e) {
      // A reset is a close too.
      return true;
    }
  }

  private String line() throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    for (int b = in.read(); b != '\n'; b = in.read()) {
      if (b < 0) {
        throw new IOException("The connection closed in the middle of an answer");
      }
      if (b != '\r') {
        line.write(b);
      }
    }
    return line.toString(StandardCharsets.ISO_8859_1);
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }

  record Response(int status, String reason, Map<String, String> headers, String body) {
    String header(String name) {
      return headers.getOrDefault(name.toLowerCase(Locale.ROOT), "");
    }
  }
}
