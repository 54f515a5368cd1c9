package dev.steward.observe;

import java.util.ArrayList;
import java.util.List;

/**
 * Small, allocation-light readers shared by the {@code /proc} parsers: lines, space-separated
 * fields and numbers, each failing with an {@link OutputParseException} that names the file and
 * the line. No regular expressions: these run on the probe's hot path.
 */
final class ProcText {
  private ProcText() {}

  /** The lines of {@code text}, without their {@code \n}; a final newline does not make an empty last line. */
  static List<String> lines(String text) {
    List<String> lines = new ArrayList<>();
    int start = 0;
    int length = text.length();
    while (start < length) {
      int end = text.indexOf('\n', start);
      if (end < 0) {
        end = length;
      }
      lines.add(text.substring(start, end));
      start = end + 1;
    }
    return lines;
  }

  /** The fields of {@code line}, separated by runs of spaces or tabs. */
  static List<String> fields(String line) {
    List<String> fields = new ArrayList<>();
    int i = 0;
    int length = line.length();
    while (i < length) {
      while (i < length && isBlank(line.charAt(i))) {
        i++;
      }
      int start = i;
      while (i < length && !isBlank(line.charAt(i))) {
        i++;
      }
      if (i > start) {
        fields.add(line.substring(start, i));
      }
    }
    return fields;
  }

  private static boolean isBlank(char c) {
    return c == ' ' || c == '\t';
  }

  /** A decimal number of 0 or more that fits a long. */
  static long unsignedDecimal(String field, String source, int line, String what) {
    int length = field.length();
    if (length == 0 || length > 18) {
      if (length == 19 || length == 20) {
        return wideUnsignedDecimal(field, source, line, what);
      }
      throw notA(field, source, line, what, "a decimal number");
    }
    long value = 0;
    for (int i = 0; i < length; i++) {
      char c = field.charAt(i);
      if (c < '0' || c > '9') {
        throw notA(field, source, line, what, "a decimal number");
      }
      value = value * 10 + (c - '0');
    }
    return value;
  }

  /** 19 or 20 digits: fine while the value still fits a long (counters that ran for years do). */
  private static long wideUnsignedDecimal(String field, String source, int line, String what) {
    for (int i = 0; i < field.length(); i++) {
      char c = field.charAt(i);
      if (c < '0' || c > '9') {
        throw notA(field, source, line, what, "a decimal number");
      }
    }
    try {
      return Long.parseLong(field);
    } catch (NumberFormatException e) {
      throw new OutputParseException(source, line, what + " " + OutputParseException.excerpt(field, 0) + " is too large");
    }
  }

  /** A decimal number of 0 or more that fits an int. */
  static int unsignedInt(String field, String source, int line, String what) {
    long value = unsignedDecimal(field, source, line, what);
    if (value > Integer.MAX_VALUE) {
      throw new OutputParseException(source, line, what + " " + field + " is too large");
    }
    return (int) value;
  }

  /** Exactly {@code digits} hexadecimal digits of {@code text} from {@code from}, as an unsigned number. */
  static long hex(String text, int from, int digits, String source, int line, String what) {
    if (from < 0 || from + digits > text.length()) {
      throw notA(text, source, line, what, digits + " hexadecimal digits");
    }
    long value = 0;
    for (int i = from; i < from + digits; i++) {
      int digit = hexDigit(text.charAt(i));
      if (digit < 0) {
        throw notA(text, source, line, what, digits + " hexadecimal digits");
      }
      value = (value << 4) | digit;
    }
    return value;
  }

  private static int hexDigit(char c) {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    if (c >= 'A' && c <= 'F') {
      return c - 'A' + 10;
    }
    if (c >= 'a' && c <= 'f') {
      return c - 'a' + 10;
    }
    return -1;
  }

  /**
   * A decimal number with an optional fraction, such as {@code 0.63}, without the surprises of
   * {@link Double#parseDouble} (which also takes {@code NaN}, {@code 1e9} or {@code 0x1p3}).
   */
  static double unsignedFraction(String field, String source, int line, String what) {
    int dot = field.indexOf('.');
    String whole = dot < 0 ? field : field.substring(0, dot);
    String fraction = dot < 0 ? "" : field.substring(dot + 1);
    if (whole.isEmpty() || (dot >= 0 && fraction.isEmpty()) || whole.length() > 15 || fraction.length() > 15) {
      throw notA(field, source, line, what, "a decimal number such as 0.63");
    }
    for (int i = 0; i < whole.length(); i++) {
      if (whole.charAt(i) < '0' || whole.charAt(i) > '9') {
        throw notA(field, source, line, what, "a decimal number such as 0.63");
      }
    }
    for (int i = 0; i < fraction.length(); i++) {
      if (fraction.charAt(i) < '0' || fraction.charAt(i) > '9') {
        throw notA(field, source, line, what, "a decimal number such as 0.63");
      }
    }
    return Double.parseDouble(field);
  }

  static OutputParseException notA(String field, String source, int line, String what, String expected) {
    return new OutputParseException(source, line,
        what + " '" + OutputParseException.excerpt(field, 0) + "' is not " + expected);
  }
}
