package dev.steward;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A typed setting key: its name, what it means, how to read it from text, its default and the
 * rules its value must follow. Modules declare their keys as constants in one class each (core's
 * are in {@link CoreSettings}). Immutable and thread-safe; the {@code with...} methods return
 * copies.
 *
 * @param <T> the value type
 */
public final class Setting<T> {
  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]*(\\.[a-z0-9-]+)+");
  private static final Pattern DURATION = Pattern.compile("(\\d{1,18})\\s*(ms|s|m|h|d)");
  private static final Pattern SIZE = Pattern.compile("(\\d{1,18})\\s*(b|k|kb|kib|m|mb|mib|g|gb|gib)?");

  private final String name;
  private final String description;
  private final Class<T> type;
  private final Function<String, T> parser;
  private final T defaultValue;
  private final List<Rule<T>> rules;
  private final boolean secret;

  private record Rule<T>(Predicate<? super T> test, String requirement) {}

  private Setting(String name, String description, Class<T> type, Function<String, T> parser,
      T defaultValue, List<Rule<T>> rules, boolean secret) {
    this.name = name;
    this.description = description;
    this.type = type;
    this.parser = parser;
    this.defaultValue = defaultValue;
    this.rules = List.copyOf(rules);
    this.secret = secret;
  }

  private static <T> Setting<T> declare(String name, String description, Class<T> type, Function<String, T> parser) {
    Objects.requireNonNull(name, "name");
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("Setting name '" + name
          + "' is not valid: use dotted lowercase words such as steward.command.timeout");
    }
    return new Setting<>(name, Names.notBlank(description, "Setting description"), type, parser, null, List.of(), false);
  }

  public static Setting<String> text(String name, String description) {
    return declare(name, description, String.class, s -> s);
  }

  public static Setting<Integer> integer(String name, String description) {
    return declare(name, description, Integer.class, s -> {
      try {
        return Integer.valueOf(s.strip());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("not a whole number");
      }
    });
  }

  public static Setting<Boolean> flag(String name, String description) {
    return declare(name, description, Boolean.class, s -> switch (s.strip().toLowerCase(Locale.ROOT)) {
      case "true", "yes", "on", "1" -> Boolean.TRUE;
      case "false", "no", "off", "0" -> Boolean.FALSE;
      default -> throw new IllegalArgumentException("not true or false");
    });
  }

  /** A duration, written {@code 500ms}, {@code 30s}, {@code 2m}, {@code 1h}, {@code 1d} or ISO-8601 {@code PT30S}. */
  public static Setting<Duration> duration(String name, String description) {
    return declare(name, description, Duration.class, Setting::parseDuration);
  }

  /** A size in bytes, written {@code 1048576}, {@code 512k}, {@code 1MiB}, {@code 2g}; powers of 1024. */
  public static Setting<Long> bytes(String name, String description) {
    return declare(name, description, Long.class, Setting::parseBytes);
  }

  public static Setting<Path> path(String name, String description) {
    return declare(name, description, Path.class, s -> {
      if (s.isBlank() || s.indexOf('\0') >= 0) {
        throw new IllegalArgumentException("not a path");
      }
      return Path.of(s);
    });
  }

  /** A value that can only be given in code (a clock, a callback), never as text. */
  public static <T> Setting<T> object(String name, Class<T> type, String description) {
    return declare(name, description, type, s -> {
      // Read as "'utc' is not accepted as text; ...": Settings prefixes the value and "is".
      throw new IllegalArgumentException("not accepted as text; this setting can only be set in code");
    });
  }

  public Setting<T> withDefault(T value) {
    return new Setting<>(name, description, type, parser, Objects.requireNonNull(value, "default"), rules, secret);
  }

  /** Adds a rule; {@code requirement} completes "must ...", e.g. {@code "be positive"}. */
  public Setting<T> require(Predicate<? super T> test, String requirement) {
    List<Rule<T>> more = new ArrayList<>(rules);
    more.add(new Rule<>(test, requirement));
    return new Setting<>(name, description, type, parser, defaultValue, more, secret);
  }

  /** Marks the value as secret: messages and {@link Settings#toString()} show {@code ****}. */
  public Setting<T> secret() {
    return new Setting<>(name, description, type, parser, defaultValue, rules, true);
  }

  public String name() {
    return name;
  }

  public String description() {
    return description;
  }

  public Class<T> type() {
    return type;
  }

  public Optional<T> defaultValue() {
    return Optional.ofNullable(defaultValue);
  }

  public boolean isSecret() {
    return secret;
  }

  /** Reads a value from text. @throws IllegalArgumentException saying why it is not one */
  public T parse(String text) {
    return parser.apply(Objects.requireNonNull(text, "text"));
  }

  /** The first rule {@code value} breaks, as "must ...", or empty when it follows them all. */
  public Optional<String> check(T value) {
    for (Rule<T> rule : rules) {
      if (!rule.test().test(value)) {
        return Optional.of("must " + rule.requirement());
      }
    }
    return Optional.empty();
  }

  /** A value as messages show it: quoted text, or {@code ****} for a secret. */
  public String show(Object value) {
    if (secret) {
      return "****";
    }
    return value instanceof String ? "'" + Names.printable((String) value) + "'" : String.valueOf(value);
  }

  @Override
  public String toString() {
    return name;
  }

  private static Duration parseDuration(String text) {
    String s = text.strip().toLowerCase(Locale.ROOT);
    if (s.startsWith("p") || s.startsWith("-p")) {
      try {
        return Duration.parse(s.toUpperCase(Locale.ROOT));
      } catch (RuntimeException e) {
        throw new IllegalArgumentException("not an ISO-8601 duration such as PT30S");
      }
    }
    Matcher m = DURATION.matcher(s);
    if (!m.matches()) {
      throw new IllegalArgumentException("not a duration; write e.g. 500ms, 30s, 2m, 1h or PT30S");
    }
    long n = Long.parseLong(m.group(1));
    try {
      return switch (m.group(2)) {
        case "ms" -> Duration.ofMillis(n);
        case "s" -> Duration.ofSeconds(n);
        case "m" -> Duration.ofMinutes(n);
        case "h" -> Duration.ofHours(n);
        default -> Duration.ofDays(n);
      };
    } catch (ArithmeticException e) {
      // 18 digits of minutes, hours or days overflow Duration's seconds.
      throw new IllegalArgumentException("too large");
    }
  }

  private static Long parseBytes(String text) {
    Matcher m = SIZE.matcher(text.strip().toLowerCase(Locale.ROOT));
    if (!m.matches()) {
      throw new IllegalArgumentException("not a size; write e.g. 4096, 512k or 1MiB");
    }
    long n = Long.parseLong(m.group(1));
    String unit = m.group(2) == null ? "b" : m.group(2);
    int shift = switch (unit.charAt(0)) {
      case 'k' -> 10;
      case 'm' -> 20;
      case 'g' -> 30;
      default -> 0;
    };
    if (shift > 0 && n > (Long.MAX_VALUE >> shift)) {
      throw new IllegalArgumentException("too large");
    }
    return n << shift;
  }
}
