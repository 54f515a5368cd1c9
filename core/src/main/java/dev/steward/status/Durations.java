package dev.steward.status;

import java.time.Duration;

/** Durations as people read them in a status: {@code 2m15s}, {@code 3h4m}, {@code 1d2h}, {@code 0.4s}. Thread-safe. */
public final class Durations {
  private Durations() {}

  /** The two largest units, e.g. {@code 2m15s}; under ten seconds with tenths, e.g. {@code 3.2s}; negative as {@code 0s}. */
  public static String format(Duration duration) {
    if (duration.isNegative()) {
      return "0s";
    }
    long seconds = duration.getSeconds();
    if (seconds < 10) {
      long tenths = duration.toMillis() / 100;
      return tenths % 10 == 0 ? (tenths / 10) + "s" : (tenths / 10) + "." + (tenths % 10) + "s";
    }
    long days = seconds / 86_400;
    long hours = seconds / 3600 % 24;
    long minutes = seconds / 60 % 60;
    long secs = seconds % 60;
    if (days > 0) {
      return days + "d" + (hours > 0 ? hours + "h" : "");
    }
    if (hours > 0) {
      return hours + "h" + (minutes > 0 ? minutes + "m" : "");
    }
    if (minutes > 0) {
      return minutes + "m" + (secs > 0 ? secs + "s" : "");
    }
    return secs + "s";
  }
}
