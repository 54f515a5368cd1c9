package dev.steward.proxmox.simulator.internal.api;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The parameters one API method accepts, checked as PVE's JSONSchema checks them: every problem
 * at once, each under its parameter's name, with PVE's wording; a parameter the schema does not
 * know is an error too. Path parts ({@code node}, {@code vmid}, ...) are parameters like the
 * others. Immutable once built; build it with the chained methods.
 */
final class ParamSchema {
  static final String NOT_IN_SCHEMA = "property is not defined in schema and the schema does not allow additional properties";
  static final String MISSING = "property is missing and it is not optional";
  private static final Pattern INTEGER = Pattern.compile("-?\\d{1,18}");
  private static final Pattern NODE = Pattern.compile("[a-zA-Z0-9]([a-zA-Z0-9\\-]*[a-zA-Z0-9])?");
  private static final Pattern STORAGE = Pattern.compile("[a-z][a-z0-9\\-_.]*[a-z0-9]");
  private static final Set<String> TRUE = Set.of("1", "true", "yes", "on");
  private static final Set<String> FALSE = Set.of("0", "false", "no", "off");

  private enum Kind { INTEGER, BOOLEAN, STRING, ENUM, ENUM_LIST, NODE, STORAGE }

  private record Spec(Kind kind, long min, long max, List<String> values, boolean required) {}

  private final Map<String, Spec> specs = new LinkedHashMap<>();

  static ParamSchema of() {
    return new ParamSchema();
  }

  ParamSchema integer(String name, long min, long max) {
    return add(name, new Spec(Kind.INTEGER, min, max, List.of(), false));
  }

  /** A vmid: an integer from 100 to 999999999. */
  ParamSchema vmid(String name) {
    return integer(name, 100, 999_999_999);
  }

  ParamSchema bool(String name) {
    return add(name, new Spec(Kind.BOOLEAN, 0, 0, List.of(), false));
  }

  ParamSchema string(String name) {
    return add(name, new Spec(Kind.STRING, 0, 0, List.of(), false));
  }

  ParamSchema oneOf(String name, String... values) {
    return add(name, new Spec(Kind.ENUM, 0, 0, List.of(values), false));
  }

  /** A list of enumeration values separated by commas, semicolons or spaces (PVE's {@code -list} formats). */
  ParamSchema listOf(String name, String... values) {
    return add(name, new Spec(Kind.ENUM_LIST, 0, 0, List.of(values), false));
  }

  ParamSchema node(String name) {
    return add(name, new Spec(Kind.NODE, 0, 0, List.of(), false));
  }

  ParamSchema storage(String name) {
    return add(name, new Spec(Kind.STORAGE, 0, 0, List.of(), false));
  }

  ParamSchema required(String name) {
    Spec spec = specs.get(name);
    specs.put(name, new Spec(spec.kind(), spec.min(), spec.max(), spec.values(), true));
    return this;
  }

  boolean knows(String name) {
    return specs.containsKey(name);
  }

  /**
   * The checked values of {@code given} (the last value of a repeated name counts).
   *
   * @throws ApiException 400 naming every parameter that is unknown, missing or malformed
   */
  Params validate(Map<String, List<String>> given) {
    Map<String, String> errors = new TreeMap<>();
    Map<String, Object> values = new LinkedHashMap<>();
    for (Map.Entry<String, List<String>> entry : given.entrySet()) {
      String name = entry.getKey();
      Spec spec = specs.get(name);
      if (spec == null) {
        errors.put(name, NOT_IN_SCHEMA);
        continue;
      }
      String raw = entry.getValue().get(entry.getValue().size() - 1);
      try {
        values.put(name, convert(spec, raw));
      } catch (IllegalArgumentException e) {
        errors.put(name, e.getMessage());
      }
    }
    specs.forEach((name, spec) -> {
      if (spec.required() && !given.containsKey(name)) {
        errors.put(name, MISSING);
      }
    });
    if (!errors.isEmpty()) {
      throw ApiException.parameters(errors);
    }
    return new Params(values);
  }

  private static Object convert(Spec spec, String raw) {
    switch (spec.kind()) {
      case INTEGER:
        if (!INTEGER.matcher(raw).matches()) {
          throw new IllegalArgumentException("type check ('integer') failed - got '" + raw + "'");
        }
        long number = Long.parseLong(raw);
        if (number < spec.min()) {
          throw new IllegalArgumentException("value must have a minimum value of " + spec.min());
        }
        if (number > spec.max()) {
          throw new IllegalArgumentException("value must have a maximum value of " + spec.max());
        }
        return number;
      case BOOLEAN:
        String lower = raw.toLowerCase(Locale.ROOT);
        if (TRUE.contains(lower)) {
          return Boolean.TRUE;
        }
        if (FALSE.contains(lower)) {
          return Boolean.FALSE;
        }
        throw new IllegalArgumentException("type check ('boolean') failed - got '" + raw + "'");
      case ENUM:
        if (!spec.values().contains(raw)) {
          throw new IllegalArgumentException(notInEnumeration(raw, spec.values()));
        }
        return raw;
      case ENUM_LIST:
        List<String> items = new ArrayList<>();
        for (String item : raw.split("[,;\\s]+")) {
          if (item.isEmpty()) {
            continue;
          }
          if (!spec.values().contains(item)) {
            throw new IllegalArgumentException("invalid format - " + notInEnumeration(item, spec.values()));
          }
          items.add(item);
        }
        return List.copyOf(items);
      case NODE:
        if (!NODE.matcher(raw).matches()) {
          throw new IllegalArgumentException("invalid format - value does not look like a valid node name");
        }
        return raw;
      case STORAGE:
        if (!STORAGE.matcher(raw).matches()) {
          throw new IllegalArgumentException("invalid format - storage ID '" + raw + "' contains illegal characters");
        }
        return raw;
      default:
        return raw;
    }
  }

  private static String notInEnumeration(String value, List<String> values) {
    return "value '" + value + "' does not have a value in the enumeration '" + String.join(", ", values) + "'";
  }

  private ParamSchema add(String name, Spec spec) {
    specs.put(name, spec);
    return this;
  }
}
