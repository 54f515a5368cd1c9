package dev.steward.internal.store.file;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.zip.CRC32C;

/**
 * The append-only journal: one line per commit, {@code <crc32c> <json>\n}, after a header line
 * that names the lineage and the snapshot serial it continues from. Pure encoding and scanning;
 * the store does the I/O.
 */
final class Journal {
  static final int FORMAT = 1;
  /** A header line is about 100 bytes; a first line longer than this is not one. */
  static final int FIRST_LINE_LIMIT = 64 * 1024;

  private Journal() {}

  /** One line, checksummed. */
  static byte[] line(ObjectNode body) {
    try {
      return checksummed(StateDocument.MAPPER.writeValueAsBytes(body));
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

  private static byte[] checksummed(byte[] json) {
    {
      CRC32C crc = new CRC32C();
      crc.update(json);
      long value = crc.getValue();
      byte[] line = new byte[9 + json.length + 1];
      for (int i = 7; i >= 0; i--) {
        line[i] = HEX[(int) (value & 0xf)];
        value >>>= 4;
      }
      line[8] = ' ';
      System.arraycopy(json, 0, line, 9, json.length);
      line[line.length - 1] = '\n';
      return line;
    }
  }

  /** The line of a commit that puts {@code record} (compact JSON) under {@code key}. */
  static byte[] putLine(long serial, String key, byte[] record) {
    try {
      byte[] prefix = ("{\"serial\":" + serial + ",\"op\":\"put\",\"key\":").getBytes(StandardCharsets.US_ASCII);
      byte[] quotedKey = quoted(key);
      byte[] middle = ",\"record\":".getBytes(StandardCharsets.US_ASCII);
      byte[] json = new byte[prefix.length + quotedKey.length + middle.length + record.length + 1];
      int at = 0;
      System.arraycopy(prefix, 0, json, at, prefix.length);
      at += prefix.length;
      System.arraycopy(quotedKey, 0, json, at, quotedKey.length);
      at += quotedKey.length;
      System.arraycopy(middle, 0, json, at, middle.length);
      at += middle.length;
      System.arraycopy(record, 0, json, at, record.length);
      json[json.length - 1] = '}';
      return checksummed(json);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code text} as a JSON string; keys are plain ASCII, which needs no escapes and no generator. */
  private static byte[] quoted(String text) throws JsonProcessingException {
    int n = text.length();
    byte[] out = new byte[n + 2];
    out[0] = '"';
    for (int i = 0; i < n; i++) {
      char c = text.charAt(i);
      if (c < 0x20 || c > 0x7e || c == '"' || c == '\\') {
        return StateDocument.MAPPER.writeValueAsBytes(text);
      }
      out[i + 1] = (byte) c;
    }
    out[n + 1] = '"';
    return out;
  }

  static byte[] header(String lineage, long baseSerial) {
    ObjectNode header = StateDocument.MAPPER.createObjectNode();
    header.put("journal", FORMAT);
    header.put("lineage", lineage);
    header.put("base_serial", baseSerial);
    return line(header);
  }

  /**
   * What a scan found.
   *
   * @param lines complete, checksummed lines in order (the header first when scanning from 0)
   * @param validEnd the offset just past the last good line
   * @param tornBytes bytes after it that do not form a good line (a torn tail), 0 when none
   * @param corruption a description of a bad line followed by good ones, empty when none
   */
  record Scan(List<Line> lines, long validEnd, long tornBytes, String corruption) {}

  /**
   * One good line. A put line in the exact form {@link #putLine} writes is read without a tree:
   * its serial and key are scanned, its record kept as a slice of the bytes read, and {@code node}
   * is null. Any other line (the header, a delete, a put written by hand) is parsed into
   * {@code node}, and {@code record} is null.
   */
  record Line(long serial, String op, String key, Slice record, ObjectNode node) {
    static Line of(ObjectNode node) {
      return new Line(node.path("serial").asLong(-1), node.path("op").asText(), node.path("key").asText(), null, node);
    }

    boolean isHeader() {
      return node != null && node.has("journal");
    }

    /** A field of the parsed line ({@code MissingNode} for a put read without a tree). */
    JsonNode path(String field) {
      return node != null ? node.path(field) : com.fasterxml.jackson.databind.node.MissingNode.getInstance();
    }
  }

  /** Where the record of a put line lies, so it can be decoded without a tree (or not at all). */
  record Slice(byte[] bytes, int offset, int length) {}

  private static final byte[] PUT_PREFIX = "{\"serial\":".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] PUT_OP = ",\"op\":\"put\",\"key\":\"".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] PUT_RECORD = "\",\"record\":".getBytes(StandardCharsets.US_ASCII);

  /**
   * Reads a put line in the exact form {@link #putLine} writes without a tree: its serial, its key
   * and where its record lies. Null when the line has another form.
   */
  private static Line fastPut(byte[] bytes, int jsonStart, int jsonEnd) {
    if (!startsWith(bytes, jsonStart, PUT_PREFIX) || bytes[jsonEnd - 1] != '}') {
      return null;
    }
    int at = jsonStart + PUT_PREFIX.length;
    long serial = 0;
    int digits = 0;
    while (at < jsonEnd && bytes[at] >= '0' && bytes[at] <= '9' && digits < 18) {
      serial = serial * 10 + (bytes[at] - '0');
      at++;
      digits++;
    }
    if (digits == 0 || !startsWith(bytes, at, PUT_OP)) {
      return null;
    }
    int keyStart = at + PUT_OP.length;
    int keyEnd = keyStart;
    while (keyEnd < jsonEnd && bytes[keyEnd] != '"' && bytes[keyEnd] != '\\') {
      keyEnd++;
    }
    if (keyEnd >= jsonEnd || bytes[keyEnd] != '"' || !startsWith(bytes, keyEnd, PUT_RECORD)) {
      return null;
    }
    int recordStart = keyEnd + PUT_RECORD.length;
    return new Line(serial, "put", new String(bytes, keyStart, keyEnd - keyStart, StandardCharsets.UTF_8),
        new Slice(bytes, recordStart, jsonEnd - 1 - recordStart), null);
  }

  private static boolean startsWith(byte[] bytes, int at, byte[] prefix) {
    if (at + prefix.length > bytes.length) {
      return false;
    }
    for (int i = 0; i < prefix.length; i++) {
      if (bytes[at + i] != prefix[i]) {
        return false;
      }
    }
    return true;
  }

  private static final int BLOCK = 256 * 1024;

  /**
   * Reads lines from {@code from} and checks each one. Stops at the end of the file or at a line
   * that starts with a zero byte: the journal is preallocated with zeros, so that is where the
   * data ends. Only what is needed is read, so catching up on a few new lines is cheap.
   */
  static Scan scan(FileChannel channel, long from) throws IOException {
    long size = channel.size();
    // A whole journal (from 0, when a store opens) gets an array for the whole file at once, its
    // preallocated zeros included (they are not read): growing a small array by doubling copied a
    // long journal several times over. Catching up on a few new lines starts small.
    long rest = Math.max(0, size - from);
    byte[] bytes = new byte[(int) (from == 0 ? Math.min(Integer.MAX_VALUE - 16, rest) : Math.min(BLOCK, rest))];
    int length = 0;
    long readAt = from;
    List<Line> lines = new ArrayList<>();
    int start = 0;
    int goodEnd = 0;
    String firstBad = "";
    int lineNumber = 0;
    while (true) {
      int newline = indexOf(bytes, start, length, (byte) '\n');
      while (newline < 0 && readAt < size && (start >= length || bytes[start] != 0)) {
        if (length == bytes.length) {
          if ((long) bytes.length * 2 > Integer.MAX_VALUE - 16) {
            throw new IOException("journal line too large to read after offset " + from);
          }
          bytes = java.util.Arrays.copyOf(bytes, Math.max(BLOCK, bytes.length * 2));
        }
        // At most 1 MiB per read: the JDK reads through a temporary native buffer of the request's size.
        int n = channel.read(ByteBuffer.wrap(bytes, length, (int) Math.min(Math.min(bytes.length - length, size - readAt), 1 << 20)),
            readAt);
        if (n <= 0) {
          break;
        }
        int searchFrom = length;
        length += n;
        readAt += n;
        newline = indexOf(bytes, Math.max(start, searchFrom), length, (byte) '\n');
      }
      if (start >= length || bytes[start] == 0 || newline < 0) {
        break;
      }
      lineNumber++;
      Line entry = parse(bytes, start, newline);
      if (entry == null) {
        if (firstBad.isEmpty()) {
          firstBad = "line " + lineNumber + " after offset " + from + " (byte " + (from + start) + ") fails its checksum";
        }
      } else if (!firstBad.isEmpty()) {
        return new Scan(lines, from + goodEnd, 0, firstBad + ", but later lines are intact");
      } else {
        lines.add(entry);
        goodEnd = newline + 1;
      }
      start = newline + 1;
    }
    // Bytes after the last good line that are not preallocated zeros: a torn or damaged tail.
    int dataEnd = goodEnd;
    while (dataEnd < length && bytes[dataEnd] != 0) {
      dataEnd++;
    }
    return new Scan(lines, from + goodEnd, dataEnd - goodEnd, "");
  }

  /** True when any byte at or after {@code offset} is not zero: something beyond the data end. */
  static boolean anyDataAfter(FileChannel channel, long offset) throws IOException {
    ByteBuffer block = ByteBuffer.allocate(BLOCK);
    long at = offset;
    long size = channel.size();
    while (at < size) {
      block.clear();
      int n = channel.read(block, at);
      if (n <= 0) {
        return false;
      }
      byte[] array = block.array();
      for (int i = 0; i < n; i++) {
        if (array[i] != 0) {
          return true;
        }
      }
      at += n;
    }
    return false;
  }

  /** True when the byte at {@code offset} exists and is not zero: someone wrote past it. */
  static boolean hasDataAt(FileChannel channel, long offset) throws IOException {
    ByteBuffer one = ByteBuffer.allocate(1);
    return channel.read(one, offset) == 1 && one.get(0) != 0;
  }

  /**
   * The first line when it is complete and intact, reading no further than {@code FIRST_LINE_LIMIT}
   * bytes: enough for a header, so opening a store does not read and parse the whole journal twice.
   */
  static Optional<ObjectNode> firstLine(FileChannel channel) throws IOException {
    ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(channel.size(), FIRST_LINE_LIMIT));
    while (buffer.hasRemaining()) {
      if (channel.read(buffer, buffer.position()) < 0) {
        break;
      }
    }
    int newline = indexOf(buffer.array(), 0, buffer.position(), (byte) '\n');
    return newline < 0 ? Optional.empty() : Optional.ofNullable(parse(buffer.array(), 0, newline)).map(Line::node);
  }

  private static Line parse(byte[] bytes, int start, int end) {
    if (end - start < 10 || bytes[start + 8] != ' ') {
      return null;
    }
    long expected = 0;
    for (int i = start; i < start + 8; i++) {
      int digit = Character.digit(bytes[i], 16);
      if (digit < 0) {
        return null;
      }
      expected = expected << 4 | digit;
    }
    CRC32C crc = new CRC32C();
    crc.update(bytes, start + 9, end - start - 9);
    if (crc.getValue() != expected) {
      return null;
    }
    Line fast = fastPut(bytes, start + 9, end);
    if (fast != null) {
      return fast;
    }
    try {
      JsonNode node = StateDocument.MAPPER.readTree(bytes, start + 9, end - start - 9);
      return node instanceof ObjectNode ? Line.of((ObjectNode) node) : null;
    } catch (IOException e) {
      return null;
    }
  }

  private static int indexOf(byte[] bytes, int from, int to, byte b) {
    for (int i = from; i < to; i++) {
      if (bytes[i] == b) {
        return i;
      }
    }
    return -1;
  }
}
