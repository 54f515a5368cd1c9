package dev.steward.internal.store.file;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.steward.StewardException;
import dev.steward.Transition;
import java.io.IOException;
import java.util.AbstractList;
import java.util.Arrays;
import java.util.List;
import java.util.RandomAccess;

/**
 * The history of one record kept as the compact JSON array it was read as, decoded on first use.
 *
 * <p>A record's history is most of its bytes (up to {@code history-limit} transitions) and is
 * rarely read: only {@code history(key)}, an import or an export look at it. Keeping it undecoded
 * makes opening a large store cost a scan of those bytes instead of thousands of objects per
 * record, and lets commits and snapshots copy it and add to it as bytes. It was checked when read
 * (a JSON array of objects, under the file's checksum); a transition that still turns out to be
 * invalid when decoded is reported then, naming the record. Immutable and thread-safe.
 */
final class RawHistory extends AbstractList<Transition> implements RandomAccess {
  private final String owner;
  private final byte[] json;
  private final int size;
  private volatile List<Transition> decoded;

  private RawHistory(String owner, byte[] json, int size) {
    this.owner = owner;
    this.json = json;
    this.size = size;
  }

  /**
   * The history in {@code bytes[from, to)} when it is a compact JSON array of objects, else null
   * (the caller then decodes it eagerly, with the usual checks and messages).
   */
  static RawHistory of(String owner, byte[] bytes, int from, int to) {
    int[] count = new int[1];
    int end = arrayEnd(bytes, from, to, count);
    if (end != to) {
      return null;
    }
    return new RawHistory(owner, Arrays.copyOfRange(bytes, from, to), count[0]);
  }

  /**
   * The index just past the array that starts at {@code from}, counting its elements into
   * {@code count[0]}; -1 when it is not a well-nested array whose elements are all objects, with
   * nothing but commas between them. Strings are skipped with their escapes, so a bracket inside
   * a reason does not count.
   */
  static int arrayEnd(byte[] b, int from, int to, int[] count) {
    if (from >= to || b[from] != '[') {
      return -1;
    }
    int depth = 0;
    int n = 0;
    boolean expectElement = true; // at depth 1: an element must come next (after '[' or ',')
    for (int i = from; i < to; i++) {
      byte c = b[i];
      if (depth >= 2) {
        if (c == '"') {
          i = stringEnd(b, i + 1, to);
          if (i < 0) {
            return -1;
          }
        } else if (c == '{' || c == '[') {
          depth++;
        } else if (c == '}' || c == ']') {
          depth--;
        }
        continue;
      }
      if (depth == 0) {
        depth = 1; // the opening '['
        continue;
      }
      // depth 1: between the elements of the array
      if (c == '{' && expectElement) {
        depth++;
        n++;
        expectElement = false;
      } else if (c == ',' && !expectElement) {
        expectElement = true;
      } else if (c == ']' && (!expectElement || n == 0)) {
        count[0] = n;
        return i + 1;
      } else {
        return -1;
      }
    }
    return -1;
  }

  /** The index of the quote that closes the string whose content starts at {@code from}, or -1. */
  private static int stringEnd(byte[] b, int from, int to) {
    for (int i = from; i < to; i++) {
      if (b[i] == '\\') {
        i++;
      } else if (b[i] == '"') {
        return i;
      }
    }
    return -1;
  }

  /**
   * {@code history} encoded once, so the commits that follow add to it as bytes instead of
   * encoding every transition again on each commit. Its decoded form is the list itself.
   */
  static RawHistory encode(String owner, List<Transition> history) {
    if (history instanceof RawHistory) {
      return (RawHistory) history;
    }
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(2 + 96 * history.size());
    out.write('[');
    for (int i = 0; i < history.size(); i++) {
      if (i > 0) {
        out.write(',');
      }
      out.writeBytes(RecordCodec.encodeTransition(history.get(i)));
    }
    out.write(']');
    RawHistory raw = new RawHistory(owner, out.toByteArray(), history.size());
    raw.decoded = List.copyOf(history);
    return raw;
  }

  /** The compact JSON array, as read and as it is written back. */
  byte[] json() {
    return json;
  }

  /**
   * This history with {@code transition} added and only the last {@code limit} kept, built as
   * bytes: the transitions already here are neither decoded nor encoded again.
   */
  RawHistory plus(byte[] transition, int limit) {
    int drop = Math.max(0, size + 1 - limit);
    int start = 1; // just after '['
    for (int i = 0; i < drop && i < size; i++) {
      start = elementEnd(start) + 2; // past the element and the comma after it (or the closing bracket)
    }
    int keptEnd = json.length - 1; // the closing ']'
    int kept = Math.max(0, keptEnd - start);
    byte[] out = new byte[1 + kept + (kept > 0 ? 1 : 0) + transition.length + 1];
    out[0] = '[';
    System.arraycopy(json, start, out, 1, kept);
    int at = 1 + kept;
    if (kept > 0) {
      out[at++] = ',';
    }
    System.arraycopy(transition, 0, out, at, transition.length);
    out[out.length - 1] = ']';
    return new RawHistory(owner, out, Math.min(size, limit - 1) + 1);
  }

  /** The index of the '}' that closes the object starting at {@code from}. */
  private int elementEnd(int from) {
    int depth = 0;
    for (int i = from; i < json.length; i++) {
      byte c = json[i];
      if (c == '"') {
        i = stringEnd(json, i + 1, json.length);
      } else if (c == '{' || c == '[') {
        depth++;
      } else if (c == '}' || c == ']') {
        if (--depth == 0) {
          return i;
        }
      }
    }
    return json.length - 1;
  }

  /** The transitions, decoded once. */
  List<Transition> transitions() {
    List<Transition> list = decoded;
    if (list == null) {
      try (JsonParser p = StateDocument.MAPPER.getFactory().createParser(json)) {
        p.nextToken();
        list = List.copyOf(RecordCodec.history(p));
      } catch (IOException | IllegalArgumentException | NullPointerException | java.time.DateTimeException e) {
        throw new StewardException("The stored history of " + owner + " cannot be read: " + e.getMessage()
            + ". Run 'steward state verify' on the state directory; restore from an export if you have one.", e);
      }
      decoded = list;
    }
    return list;
  }

  @Override
  public Transition get(int index) {
    return transitions().get(index);
  }

  @Override
  public int size() {
    return size;
  }
}
