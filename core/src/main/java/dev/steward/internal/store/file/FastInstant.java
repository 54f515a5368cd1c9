package dev.steward.internal.store.file;

import java.time.Instant;
import java.time.LocalDate;

/**
 * Formats and parses the one timestamp form the store writes, {@link Instant#toString()} in UTC
 * ({@code 2026-01-01T00:00:00Z}, {@code 2026-01-01T00:00:00.123456789Z}), without the general
 * formatter, which dominated the time to open a large store. Anything else goes to
 * {@link Instant#parse}.
 */
final class FastInstant {
  private FastInstant() {}

  static Instant parse(String text) {
    int n = text.length();
    if (n < 20 || n > 30 || text.charAt(4) != '-' || text.charAt(7) != '-' || text.charAt(10) != 'T'
        || text.charAt(13) != ':' || text.charAt(16) != ':' || text.charAt(n - 1) != 'Z') {
      return Instant.parse(text);
    }
    int year = digits(text, 0, 4);
    int month = digits(text, 5, 7);
    int day = digits(text, 8, 10);
    int hour = digits(text, 11, 13);
    int minute = digits(text, 14, 16);
    int second = digits(text, 17, 19);
    if (year < 0 || month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 59
        || hour < 0 || minute < 0 || second < 0) {
      return Instant.parse(text);
    }
    int nanos = 0;
    if (n > 20) {
      if (text.charAt(19) != '.' || n - 21 > 9 || n - 21 < 1) {
        return Instant.parse(text);
      }
      int fraction = digits(text, 20, n - 1);
      if (fraction < 0) {
        return Instant.parse(text);
      }
      nanos = fraction;
      for (int i = n - 21; i < 9; i++) {
        nanos *= 10;
      }
    } else if (text.charAt(19) != 'Z') {
      return Instant.parse(text);
    }
    long epochDay;
    try {
      epochDay = LocalDate.of(year, month, day).toEpochDay();
    } catch (java.time.DateTimeException e) {
      return Instant.parse(text);
    }
    return Instant.ofEpochSecond(epochDay * 86_400L + hour * 3_600L + minute * 60L + second, nanos);
  }

  /**
   * Exactly {@link Instant#toString()} (seconds always, then 3, 6 or 9 fraction digits as the
   * nanoseconds need), without the general formatter, which dominated the CPU of a commit. Years
   * outside 0000-9999 go to {@code toString()}.
   */
  static String format(Instant instant) {
    long seconds = instant.getEpochSecond();
    long epochDay = Math.floorDiv(seconds, 86_400L);
    int secondOfDay = (int) Math.floorMod(seconds, 86_400L);
    if (epochDay < MIN_DAY || epochDay > MAX_DAY) {
      return instant.toString();
    }
    LocalDate date = LocalDate.ofEpochDay(epochDay);
    int nanos = instant.getNano();
    int fraction = nanos == 0 ? 0 : nanos % 1_000_000 == 0 ? 3 : nanos % 1_000 == 0 ? 6 : 9;
    char[] out = new char[20 + (fraction == 0 ? 0 : fraction + 1)];
    put(out, 0, date.getYear(), 4);
    out[4] = '-';
    put(out, 5, date.getMonthValue(), 2);
    out[7] = '-';
    put(out, 8, date.getDayOfMonth(), 2);
    out[10] = 'T';
    put(out, 11, secondOfDay / 3_600, 2);
    out[13] = ':';
    put(out, 14, secondOfDay / 60 % 60, 2);
    out[16] = ':';
    put(out, 17, secondOfDay % 60, 2);
    if (fraction > 0) {
      out[19] = '.';
      put(out, 20, fraction == 3 ? nanos / 1_000_000 : fraction == 6 ? nanos / 1_000 : nanos, fraction);
    }
    out[out.length - 1] = 'Z';
    return new String(out);
  }

  private static final long MIN_DAY = LocalDate.of(0, 1, 1).toEpochDay();
  private static final long MAX_DAY = LocalDate.of(9999, 12, 31).toEpochDay();

  /** Writes {@code value} as exactly {@code width} decimal digits at {@code at}. */
  private static void put(char[] out, int at, int value, int width) {
    for (int i = at + width - 1; i >= at; i--) {
      out[i] = (char) ('0' + value % 10);
      value /= 10;
    }
  }

  /** The decimal number in {@code [from, to)}, or -1 if a character is not a digit. */
  private static int digits(String text, int from, int to) {
    int value = 0;
    for (int i = from; i < to; i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      value = value * 10 + (c - '0');
    }
    return value;
  }
}
