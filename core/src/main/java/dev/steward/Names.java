package dev.steward;

import java.util.Objects;
import java.util.regex.Pattern;

/** Argument checks shared by the value types, with messages that say what was wrong. */
final class Names {
  /** Safe in a shell word, a file name and a systemd unit name: no quoting needed anywhere. */
  static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@:+-]{0,254}");
  static final Pattern KIND = Pattern.compile("[a-z][a-z0-9-]{0,62}");
  /** A host name or an IPv4/IPv6 address; an IPv6 address may start with ':' as in {@code ::1}. */
  static final Pattern HOST = Pattern.compile("[A-Za-z0-9:]([A-Za-z0-9.:_-]{0,252}[A-Za-z0-9])?");

  private Names() {}

  static String require(Pattern pattern, String value, String what, String rule) {
    Objects.requireNonNull(value, what + " must not be null");
    if (!matches(pattern, value)) {
      throw new IllegalArgumentException(
          what + " '" + printable(value) + "' is not valid: " + rule);
    }
    return value;
  }

  /**
   * Whether {@code value} matches {@code pattern}; the three patterns above are checked by hand,
   * because every key read from a large state file goes through them and the regex engine was a
   * good part of the time to open one. {@code NamesTest} holds them to the regexes.
   */
  static boolean matches(Pattern pattern, String value) {
    if (pattern == NAME) {
      return isName(value);
    }
    if (pattern == KIND) {
      return isKind(value);
    }
    if (pattern == HOST) {
      return isHost(value);
    }
    return pattern.matcher(value).matches();
  }

  private static boolean isName(String v) {
    int n = v.length();
    if (n < 1 || n > 255 || !isAlnum(v.charAt(0))) {
      return false;
    }
    for (int i = 1; i < n; i++) {
      char c = v.charAt(i);
      if (!isAlnum(c) && c != '.' && c != '_' && c != '@' && c != ':' && c != '+' && c != '-') {
        return false;
      }
    }
    return true;
  }

  private static boolean isKind(String v) {
    int n = v.length();
    if (n < 1 || n > 63 || v.charAt(0) < 'a' || v.charAt(0) > 'z') {
      return false;
    }
    for (int i = 1; i < n; i++) {
      char c = v.charAt(i);
      if (!(c >= 'a' && c <= 'z') && !(c >= '0' && c <= '9') && c != '-') {
        return false;
      }
    }
    return true;
  }

  private static boolean isHost(String v) {
    int n = v.length();
    if (n < 1 || n > 254 || !(isAlnum(v.charAt(0)) || v.charAt(0) == ':')) {
      return false;
    }
    if (n == 1) {
      return true;
    }
    for (int i = 1; i < n - 1; i++) {
      char c = v.charAt(i);
      if (!isAlnum(c) && c != '.' && c != ':' && c != '_' && c != '-') {
        return false;
      }
    }
    return isAlnum(v.charAt(n - 1));
  }

  private static boolean isAlnum(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  }

  static String notBlank(String value, String what) {
    Objects.requireNonNull(value, what + " must not be null");
    if (value.isBlank()) {
      throw new IllegalArgumentException(what + " must not be blank");
    }
    return value;
  }

  /** Shows control characters escaped so a message never hides or injects anything. */
  static String printable(String value) {
    StringBuilder out = new StringBuilder(Math.min(value.length(), 80));
    for (int i = 0; i < value.length() && i < 80; i++) {
      char c = value.charAt(i);
      if (c < 0x20 || c == 0x7f) {
        out.append(String.format("\\x%02x", (int) c));
      } else {
        out.append(c);
      }
    }
    if (value.length() > 80) {
      out.append("...");
    }
    return out.toString();
  }
}
