package dev.steward.systemd.internal;

import dev.steward.ResourceKey;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Unit names for nodes: {@code steward-INSTANCE-KIND-NAME.service}, each part escaped as
 * {@code systemd-escape} does, so a part never holds a {@code -} of its own and the name reads
 * back unambiguously. Thread-safe: no state.
 */
final class UnitNames {
  /** The most systemd takes for a whole unit name, suffix included. */
  static final int MAX_LENGTH = 255;
  static final String PREFIX = "steward-";
  static final String SUFFIX = ".service";

  private UnitNames() {}

  /**
   * The unit of {@code key} for {@code instance}.
   *
   * @throws IllegalArgumentException when the escaped name is longer than systemd allows
   */
  static String unit(String instance, ResourceKey key) {
    String unit = prefix(instance) + escape(key.kind()) + "-" + escape(key.name()) + SUFFIX;
    if (unit.length() > MAX_LENGTH) {
      throw new IllegalArgumentException("The unit name of " + key + " would be " + unit.length()
          + " characters, and systemd takes at most " + MAX_LENGTH + ": use a shorter name or instance");
    }
    return unit;
  }

  /** What every unit of {@code instance} starts with. */
  static String prefix(String instance) {
    return PREFIX + escape(instance) + "-";
  }

  /**
   * {@code text} as {@code systemd-escape} writes it: {@code /} becomes {@code -}; every byte of
   * its UTF-8 outside {@code [A-Za-z0-9:_.]}, and a leading {@code .}, becomes {@code \xNN}.
   */
  static String escape(String text) {
    StringBuilder out = new StringBuilder();
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    for (int i = 0; i < bytes.length; i++) {
      int b = bytes[i] & 0xff;
      if (b == '/') {
        out.append('-');
      } else if (plain(b) && !(i == 0 && b == '.')) {
        out.append((char) b);
      } else {
        out.append("\\x").append(Character.forDigit(b >> 4, 16)).append(Character.forDigit(b & 0xf, 16));
      }
    }
    return out.toString();
  }

  /**
   * The text {@code escaped} came from: the reverse of {@link #escape} for text without {@code /}
   * (a {@code -} reads back as {@code /}).
   *
   * @throws IllegalArgumentException when {@code escaped} holds a broken {@code \x} escape
   */
  static String unescape(String escaped) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    for (int i = 0; i < escaped.length(); i++) {
      char c = escaped.charAt(i);
      if (c == '\\') {
        if (i + 3 >= escaped.length() || escaped.charAt(i + 1) != 'x') {
          throw new IllegalArgumentException("'" + escaped + "' has a broken \\x escape at " + i);
        }
        int high = Character.digit(escaped.charAt(i + 2), 16);
        int low = Character.digit(escaped.charAt(i + 3), 16);
        if (high < 0 || low < 0) {
          throw new IllegalArgumentException("'" + escaped + "' has a broken \\x escape at " + i);
        }
        bytes.write(high << 4 | low);
        i += 3;
      } else {
        bytes.write(c == '-' ? '/' : c);
      }
    }
    return bytes.toString(StandardCharsets.UTF_8);
  }

  private static boolean plain(int b) {
    return b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= '0' && b <= '9' || b == ':' || b == '_' || b == '.';
  }
}
