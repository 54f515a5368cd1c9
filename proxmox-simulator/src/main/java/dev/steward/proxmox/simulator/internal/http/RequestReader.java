package dev.steward.proxmox.simulator.internal.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Reads HTTP/1.1 requests off one connection: request line, headers, and a body sized by
 * {@code Content-Length} or sent {@code chunked}. Answers {@code Expect: 100-continue} before it
 * reads the body, as curl waits for that with larger forms. Limits keep a broken client from
 * filling memory. One instance per connection; not thread-safe.
 */
final class RequestReader {
  private static final int MAX_LINE = 16 * 1024;
  private static final int MAX_HEADERS = 100;
  private static final int MAX_BODY = 1024 * 1024;

  private final InputStream in;
  private final OutputStream out;

  RequestReader(InputStream in, OutputStream out) {
    this.in = in;
    this.out = out;
  }

  /**
   * The next request, or empty when the client closed the connection between requests. A read
   * timeout while waiting for its first byte comes out as {@link java.net.SocketTimeoutException}.
   */
  Optional<ParsedRequest> next() throws IOException, MalformedRequestException {
    int first = in.read();
    if (first < 0) {
      return Optional.empty();
    }
    long arrived = System.nanoTime();
    String requestLine = readLine(first);
    // RFC 9112 2.2: a server should ignore at least one empty line before the request line.
    if (requestLine.isEmpty()) {
      requestLine = readLine(in.read());
    }
    String[] parts = requestLine.split(" ");
    if (parts.length != 3 || !parts[2].startsWith("HTTP/1.")) {
      throw new MalformedRequestException("not an HTTP/1.x request line: " + abbreviate(requestLine));
    }
    Map<String, List<String>> headers = readHeaders();
    String target = parts[1];
    int question = target.indexOf('?');
    String path = question < 0 ? target : target.substring(0, question);
    String query = question < 0 ? "" : target.substring(question + 1);
    if (!path.startsWith("/")) {
      throw new MalformedRequestException("the request target is not a path: " + abbreviate(target));
    }
    if (headers.containsKey("expect") && headers.get("expect").get(0).equalsIgnoreCase("100-continue")) {
      out.write("HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
    }
    byte[] body = readBody(headers);
    HttpRequest request = new HttpRequest(parts[0], path, query, headers, body, arrived);
    return Optional.of(new ParsedRequest(request, parts[2]));
  }

  private Map<String, List<String>> readHeaders() throws IOException, MalformedRequestException {
    Map<String, List<String>> headers = new LinkedHashMap<>();
    for (int count = 0; ; count++) {
      String line = readLine(in.read());
      if (line.isEmpty()) {
        return headers;
      }
      if (count >= MAX_HEADERS) {
        throw new MalformedRequestException("more than " + MAX_HEADERS + " header lines");
      }
      int colon = line.indexOf(':');
      if (colon <= 0) {
        throw new MalformedRequestException("a header line without a name: " + abbreviate(line));
      }
      String name = line.substring(0, colon).strip().toLowerCase(Locale.ROOT);
      headers.computeIfAbsent(name, n -> new ArrayList<>()).add(line.substring(colon + 1).strip());
    }
  }

  private byte[] readBody(Map<String, List<String>> headers) throws IOException, MalformedRequestException {
    List<String> encoding = headers.get("transfer-encoding");
    if (encoding != null && encoding.get(encoding.size() - 1).toLowerCase(Locale.ROOT).endsWith("chunked")) {
      return readChunked();
    }
    List<String> length = headers.get("content-length");
    if (length == null) {
      return new byte[0];
    }
    long size;
    try {
      size = Long.parseLong(length.get(0));
    } catch (NumberFormatException e) {
      throw new MalformedRequestException("Content-Length is not a number: " + abbreviate(length.get(0)));
    }
    if (size < 0 || size > MAX_BODY) {
      throw new MalformedRequestException("Content-Length " + size + " is outside 0.." + MAX_BODY);
    }
    return readExactly((int) size);
  }

  private byte[] readChunked() throws IOException, MalformedRequestException {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    while (true) {
      String sizeLine = readLine(in.read());
      int semicolon = sizeLine.indexOf(';');
      int size;
      try {
        size = Integer.parseInt((semicolon < 0 ? sizeLine : sizeLine.substring(0, semicolon)).strip(), 16);
      } catch (NumberFormatException e) {
        throw new MalformedRequestException("a chunk size that is not hex: " + abbreviate(sizeLine));
      }
      if (size == 0) {
        readHeaders();
        return body.toByteArray();
      }
      if (size < 0 || body.size() + size > MAX_BODY) {
        throw new MalformedRequestException("a chunked body over " + MAX_BODY + " bytes");
      }
      body.writeBytes(readExactly(size));
      if (!readLine(in.read()).isEmpty()) {
        throw new MalformedRequestException("a chunk not followed by CRLF");
      }
    }
  }

  private byte[] readExactly(int size) throws IOException, MalformedRequestException {
    byte[] bytes = in.readNBytes(size);
    if (bytes.length < size) {
      throw new MalformedRequestException("the body ended after " + bytes.length + " of " + size + " bytes");
    }
    return bytes;
  }

  // Lines end in CRLF; a bare LF is accepted too (RFC 9112 2.2).
  private String readLine(int first) throws IOException, MalformedRequestException {
    ByteArrayOutputStream line = new ByteArrayOutputStream(128);
    int b = first;
    while (b != '\n') {
      if (b < 0) {
        throw new MalformedRequestException("the connection closed in the middle of a request");
      }
      if (line.size() >= MAX_LINE) {
        throw new MalformedRequestException("a line longer than " + MAX_LINE + " bytes");
      }
      line.write(b);
      b = in.read();
    }
    String text = line.toString(StandardCharsets.ISO_8859_1);
    return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
  }

  private static String abbreviate(String text) {
    return text.length() <= 80 ? text : text.substring(0, 80) + "...";
  }

  /** A request and the protocol version it was sent with. */
  record ParsedRequest(HttpRequest request, String version) {}
}
