package dev.steward.proxmox.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * Reads fields of the API's JSON as Perl wrote them: a number may come as a number or a numeric
 * string ({@code "2100.000"}, an lxc {@code vmid} before PVE 8.2), a boolean as {@code 0}/{@code 1},
 * {@code "0"}/{@code "1"} or {@code true}/{@code false}. Absent, null and unreadable values are
 * empty; unknown fields are never looked at. Stateless.
 */
final class Lenient {
  private Lenient() {}

  static Optional<String> text(JsonNode object, String field) {
    JsonNode value = object.get(field);
    if (value == null || value.isNull() || value.isContainerNode()) {
      return Optional.empty();
    }
    return Optional.of(value.isTextual() ? value.textValue() : value.asText());
  }

  /** The text, or {@code ""} when it is absent. */
  static String textOrEmpty(JsonNode object, String field) {
    return text(object, field).orElse("");
  }

  static OptionalLong integer(JsonNode object, String field) {
    JsonNode value = object.get(field);
    if (value == null || value.isNull()) {
      return OptionalLong.empty();
    }
    if (value.isIntegralNumber() && value.canConvertToLong()) {
      return OptionalLong.of(value.longValue());
    }
    if (value.isNumber()) {
      return OptionalLong.of((long) value.doubleValue());
    }
    if (value.isTextual()) {
      String text = value.textValue().strip();
      try {
        return OptionalLong.of(Long.parseLong(text));
      } catch (NumberFormatException e) {
        OptionalDouble decimal = parseDouble(text);
        return decimal.isPresent() ? OptionalLong.of((long) decimal.getAsDouble()) : OptionalLong.empty();
      }
    }
    if (value.isBoolean()) {
      return OptionalLong.of(value.booleanValue() ? 1 : 0);
    }
    return OptionalLong.empty();
  }

  static OptionalInt int32(JsonNode object, String field) {
    OptionalLong value = integer(object, field);
    if (value.isEmpty() || value.getAsLong() < Integer.MIN_VALUE || value.getAsLong() > Integer.MAX_VALUE) {
      return OptionalInt.empty();
    }
    return OptionalInt.of((int) value.getAsLong());
  }

  static long integerOr(JsonNode object, String field, long fallback) {
    return integer(object, field).orElse(fallback);
  }

  static OptionalDouble decimal(JsonNode object, String field) {
    JsonNode value = object.get(field);
    if (value == null || value.isNull()) {
      return OptionalDouble.empty();
    }
    if (value.isNumber()) {
      return OptionalDouble.of(value.doubleValue());
    }
    if (value.isTextual()) {
      return parseDouble(value.textValue().strip());
    }
    return OptionalDouble.empty();
  }

  static double decimalOr(JsonNode object, String field, double fallback) {
    return decimal(object, field).orElse(fallback);
  }

  /** Seconds since the epoch as an instant; empty when absent or outside what an instant can hold. */
  static Optional<Instant> instant(JsonNode object, String field) {
    OptionalLong seconds = integer(object, field);
    if (seconds.isEmpty() || seconds.getAsLong() < Instant.MIN.getEpochSecond() || seconds.getAsLong() > Instant.MAX.getEpochSecond()) {
      return Optional.empty();
    }
    return Optional.of(Instant.ofEpochSecond(seconds.getAsLong()));
  }

  /** {@code 1}, {@code "1"}, {@code true}, {@code "true"} and any other non-zero number are true. */
  static Optional<Boolean> flag(JsonNode object, String field) {
    JsonNode value = object.get(field);
    if (value == null || value.isNull()) {
      return Optional.empty();
    }
    if (value.isBoolean()) {
      return Optional.of(value.booleanValue());
    }
    if (value.isNumber()) {
      return Optional.of(value.doubleValue() != 0);
    }
    if (value.isTextual()) {
      switch (value.textValue().strip()) {
        case "1":
        case "true":
          return Optional.of(true);
        case "0":
        case "false":
        case "":
          return Optional.of(false);
        default:
          return Optional.empty();
      }
    }
    return Optional.empty();
  }

  static boolean flagOr(JsonNode object, String field, boolean fallback) {
    return flag(object, field).orElse(fallback);
  }

  /** The items of an array value; empty for anything else. */
  static List<JsonNode> items(JsonNode array) {
    List<JsonNode> items = new ArrayList<>();
    if (array != null && array.isArray()) {
      array.forEach(items::add);
    }
    return items;
  }

  private static OptionalDouble parseDouble(String text) {
    if (text.isEmpty()) {
      return OptionalDouble.empty();
    }
    try {
      double value = Double.parseDouble(text);
      return Double.isFinite(value) ? OptionalDouble.of(value) : OptionalDouble.empty();
    } catch (NumberFormatException e) {
      return OptionalDouble.empty();
    }
  }
}
