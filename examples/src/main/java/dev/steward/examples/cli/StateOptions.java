package dev.steward.examples.cli;

import dev.steward.ResourceKey;
import dev.steward.Setting;
import java.time.Duration;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Converters for the values the {@code state} commands take; a bad value is a usage error (exit 2). */
final class StateOptions {
  private static final Setting<Duration> DURATION = Setting.duration("steward.examples.duration", "a duration given to a command");

  private StateOptions() {}

  /** {@code kind/name@host}, as {@link ResourceKey#parse} reads it. */
  static final class KeyConverter implements ITypeConverter<ResourceKey> {
    @Override
    public ResourceKey convert(String text) {
      try {
        return ResourceKey.parse(text);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }

  /** A duration written as settings are, e.g. {@code 7d}, {@code 12h}, {@code 30m} or {@code PT1H}. */
  static final class DurationConverter implements ITypeConverter<Duration> {
    @Override
    public Duration convert(String text) {
      Duration duration;
      try {
        duration = DURATION.parse(text);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException("'" + text + "' is " + e.getMessage());
      }
      if (duration.isNegative()) {
        throw new TypeConversionException("'" + text + "' is negative; give how long ago, e.g. 7d");
      }
      return duration;
    }
  }
}
