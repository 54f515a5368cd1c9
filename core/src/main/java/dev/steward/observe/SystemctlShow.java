package dev.steward.observe;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.ResolverStyle;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads units from {@code systemctl show -p Id,LoadState,ActiveState,SubState,MainPID,ExecMainStartTimestamp
 * --timestamp=unix UNIT...} (or without {@code -p}: every property).
 *
 * <p>Each unit is a block of {@code Key=value} lines; blocks are separated by a blank line and come
 * in the order the units were named. A value is everything after the first {@code =} and may hold
 * more. Properties come in systemd's own order, whatever order {@code -p} named them in, so
 * {@code --value} output cannot be mapped back and is refused. Each block needs {@code LoadState},
 * {@code ActiveState} and {@code SubState}.
 *
 * <p>{@code ExecMainStartTimestamp} is read as {@code @1795317887} ({@code --timestamp=unix},
 * systemd 251 and later), or as {@code Sun 2026-11-22 03:24:47 UTC} when the host's zone is UTC
 * ({@code TZ=UTC} or {@code --timestamp=utc}); other zone abbreviations such as {@code CEST} do not
 * name one offset, so they are refused with that advice rather than guessed.
 *
 * <p>Thread-safe: no state.
 */
public final class SystemctlShow {
  /** How messages name the command. */
  public static final String SOURCE = "systemctl show";

  private static final Pattern KEY = Pattern.compile("[A-Za-z][A-Za-z0-9]*");
  private static final Pattern UNIX = Pattern.compile("@([0-9]{1,12})(?:\\.([0-9]{1,9}))?");
  private static final Pattern LOCAL = Pattern.compile(
      "(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) ([0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2})(?:\\.([0-9]{1,9}))? (\\S+)");
  private static final DateTimeFormatter DATE_TIME =
      DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss").withResolverStyle(ResolverStyle.STRICT);

  private SystemctlShow() {}

  /**
   * The units in {@code stdout}, in order.
   *
   * @throws OutputParseException for a line that is not {@code Key=value}, a property twice in one
   *     unit, a missing state, or a value of the wrong form
   */
  public static List<SystemdUnit> parse(String stdout) {
    List<SystemdUnit> units = new ArrayList<>();
    Map<String, String> block = new LinkedHashMap<>();
    int blockStart = 0;
    String[] lines = stdout.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].endsWith("\r") ? lines[i].substring(0, lines[i].length() - 1) : lines[i];
      if (line.isEmpty()) {
        if (!block.isEmpty()) {
          units.add(unit(block, blockStart));
          block = new LinkedHashMap<>();
        }
        continue;
      }
      int equals = line.indexOf('=');
      String key = equals < 0 ? line : line.substring(0, equals);
      if (equals < 0 || !KEY.matcher(key).matches()) {
        throw new OutputParseException(SOURCE, i + 1, "expected a Key=value line such as ActiveState=active, found '"
            + OutputParseException.excerpt(line, 0) + "'" + (equals < 0 ? "; run systemctl show without --value" : ""));
      }
      if (block.isEmpty()) {
        blockStart = i + 1;
      }
      if (block.putIfAbsent(key, line.substring(equals + 1)) != null) {
        throw new OutputParseException(SOURCE, i + 1, "expected each property once per unit, found " + key
            + " twice; units must be separated by a blank line");
      }
    }
    if (!block.isEmpty()) {
      units.add(unit(block, blockStart));
    }
    if (units.isEmpty()) {
      throw new OutputParseException(SOURCE, 0, "expected Key=value lines for at least one unit, found no output");
    }
    return List.copyOf(units);
  }

  private static SystemdUnit unit(Map<String, String> properties, int line) {
    return new SystemdUnit(
        Optional.ofNullable(properties.get("Id")).filter(id -> !id.isEmpty()),
        required(properties, "LoadState", line),
        required(properties, "ActiveState", line),
        required(properties, "SubState", line),
        mainPid(properties.get("MainPID"), line),
        timestamp(properties.get("ExecMainStartTimestamp"), line),
        properties);
  }

  private static String required(Map<String, String> properties, String key, int line) {
    String value = properties.get(key);
    if (value == null || value.isEmpty()) {
      throw new OutputParseException(SOURCE, line, "expected " + key + " in the unit that starts here, found "
          + (value == null ? "none" : "an empty value") + "; ask for -p LoadState,ActiveState,SubState");
    }
    return value;
  }

  private static OptionalLong mainPid(String value, int line) {
    if (value == null || value.equals("0") || value.isEmpty()) {
      return OptionalLong.empty();
    }
    if (!value.matches("[0-9]{1,10}")) {
      throw new OutputParseException(SOURCE, line, "expected MainPID to be a process id, found '"
          + OutputParseException.excerpt(value, 0) + "'");
    }
    return OptionalLong.of(Long.parseLong(value));
  }

  private static Optional<Instant> timestamp(String value, int line) {
    if (value == null || value.isEmpty() || value.equals("n/a")) {
      return Optional.empty();
    }
    Matcher unix = UNIX.matcher(value);
    if (unix.matches()) {
      return Optional.of(Instant.ofEpochSecond(Long.parseLong(unix.group(1)), nanos(unix.group(2))));
    }
    Matcher local = LOCAL.matcher(value);
    if (!local.matches()) {
      throw new OutputParseException(SOURCE, line, "expected ExecMainStartTimestamp as @seconds or 'Sun 2026-11-22 03:24:47 UTC', found '"
          + OutputParseException.excerpt(value, 0) + "'");
    }
    if (!local.group(3).equals("UTC") && !local.group(3).equals("GMT")) {
      throw new OutputParseException(SOURCE, line, "cannot tell the offset of the time zone '"
          + OutputParseException.excerpt(local.group(3), 0) + "' in ExecMainStartTimestamp; run systemctl show with --timestamp=unix (systemd 251 or later) or with TZ=UTC");
    }
    try {
      return Optional.of(LocalDateTime.parse(local.group(1), DATE_TIME).toInstant(ZoneOffset.UTC).plusNanos(nanos(local.group(2))));
    } catch (DateTimeException e) {
      throw new OutputParseException(SOURCE, line, "expected ExecMainStartTimestamp to be a real date and time, found '"
          + OutputParseException.excerpt(value, 0) + "'", e);
    }
  }

  /** Nanoseconds from the digits after a decimal point (none gives 0). */
  private static long nanos(String fraction) {
    return fraction == null ? 0 : Long.parseLong((fraction + "00000000").substring(0, 9));
  }
}
