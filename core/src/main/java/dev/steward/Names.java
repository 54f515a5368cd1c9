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
    if (!pattern.matcher(value).matches()) {
      throw new IllegalArgumentException(
          what + " '" + printable(value) + "' is not valid: " + rule);
    }
    return value;
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
