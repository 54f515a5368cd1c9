package dev.steward.systemd.internal;

import dev.steward.ProcessSpec;
import dev.steward.ResourceKey;
import dev.steward.Spec;
import dev.steward.systemd.SystemdSpec;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The text of a node's unit file, and the {@code [X-Steward]} section by which Steward knows its
 * own units: the resource, the instance and a hash of everything above the section, so a file is
 * rewritten only when what it says would change. systemd ignores {@code X-} sections (v213+).
 * Thread-safe: no state.
 */
final class UnitFile {
  static final String SECTION = "[X-Steward]";
  static final String RESOURCE = "Resource";
  static final String INSTANCE = "Instance";
  static final String SPEC_HASH = "SpecHash";

  private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  private static final Pattern USER = Pattern.compile("[a-z_][a-z0-9_.-]{0,31}\\$?|[0-9]{1,10}");
  private static final Pattern RESTART = Pattern.compile("no|on-success|on-failure|on-abnormal|on-watchdog|on-abort|always");
  private static final Pattern MEMORY_MAX = Pattern.compile("[0-9]+[KMGT]?|[0-9]{1,3}(\\.[0-9]+)?%|infinity");
  private static final Pattern CPU_QUOTA = Pattern.compile("[0-9]{1,6}(\\.[0-9]+)?%");

  /** What Steward's own section says. */
  record Owner(String resource, String instance, String specHash) {}

  private UnitFile() {}

  /**
   * The whole unit file for {@code spec}.
   *
   * @param stopGrace the unit's {@code TimeoutStopSec}
   * @throws IllegalArgumentException naming the property, when the spec cannot be written as a unit
   */
  static String render(Spec spec, String instance, Duration stopGrace) {
    String body = body(spec, instance, stopGrace);
    return body + "\n" + SECTION + "\n"
        + RESOURCE + "=" + ProcessSpec.resourceMarker(spec.key()) + "\n"
        + INSTANCE + "=" + instance + "\n"
        + SPEC_HASH + "=" + hash(body) + "\n";
  }

  private static String body(Spec spec, String instance, Duration stopGrace) {
    ResourceKey key = spec.key();
    List<String> argv = ProcessSpec.argv(spec);
    StringBuilder out = new StringBuilder();
    out.append("# Written by Steward for ").append(ProcessSpec.resourceMarker(key))
        .append(": Steward rewrites it when the spec changes, so edits here do not last.\n");
    out.append("[Unit]\n");
    out.append("Description=Steward ").append(specifiers(ProcessSpec.resourceMarker(key))).append('\n');
    out.append('\n');
    out.append("[Service]\n");
    // exec: systemctl start fails at once when the program cannot be run, instead of after fork.
    out.append("Type=exec\n");
    StringBuilder exec = new StringBuilder();
    for (String word : argv) {
      exec.append(exec.length() == 0 ? "" : " ").append(quoteCommandWord(key, word));
    }
    out.append("ExecStart=").append(exec).append('\n');
    Optional<String> user = spec.property(SystemdSpec.USER);
    if (user.isPresent()) {
      out.append("User=").append(checked(key, SystemdSpec.USER, user.get(), USER, "a user name or uid")).append('\n');
    }
    Optional<String> directory = spec.property(ProcessSpec.DIRECTORY);
    if (directory.isPresent()) {
      String dir = directory.get();
      if (!dir.startsWith("/") || dir.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
        throw new IllegalArgumentException("The directory of " + key + " is '" + dir
            + "': give an absolute path without control characters");
      }
      out.append("WorkingDirectory=").append(specifiers(dir)).append('\n');
    }
    Map<String, String> env = new LinkedHashMap<>();
    env.put(ProcessSpec.ENV_INSTANCE, instance);
    env.put(ProcessSpec.ENV_RESOURCE, ProcessSpec.resourceMarker(key));
    ProcessSpec.environment(spec).forEach((name, value) -> {
      if (!ENV_NAME.matcher(name).matches()) {
        throw new IllegalArgumentException("The environment variable '" + name + "' of " + key
            + " cannot be set by systemd: use letters, digits and '_', not starting with a digit");
      }
      if (env.containsKey(name)) {
        throw new IllegalArgumentException("The spec of " + key + " sets " + name + ", which Steward sets itself");
      }
      env.put(name, value);
    });
    env.forEach((name, value) -> out.append("Environment=").append(quoteEnvironment(key, name + "=" + value)).append('\n'));
    out.append("Restart=").append(spec.property(SystemdSpec.RESTART)
        .map(r -> checked(key, SystemdSpec.RESTART, r, RESTART, "one of no, on-success, on-failure, on-abnormal, on-watchdog, on-abort, always"))
        .orElse("no")).append('\n');
    out.append("TimeoutStopSec=").append(stopGrace.toMillis()).append("ms\n");
    spec.property(SystemdSpec.MEMORY_MAX).ifPresent(m -> out.append("MemoryMax=")
        .append(checked(key, SystemdSpec.MEMORY_MAX, m, MEMORY_MAX, "bytes with K, M, G or T, a percentage, or infinity")).append('\n'));
    spec.property(SystemdSpec.CPU_QUOTA).ifPresent(q -> out.append("CPUQuota=")
        .append(checked(key, SystemdSpec.CPU_QUOTA, q, CPU_QUOTA, "a percentage such as 50%")).append('\n'));
    return out.toString();
  }

  /**
   * One word of a command line as systemd reads it (systemd.service, "Command lines"): in double
   * quotes, with {@code \} and {@code "} escaped, {@code %} as {@code %%} (a specifier otherwise)
   * and {@code $} as {@code $$} (a variable otherwise).
   */
  static String quoteCommandWord(ResourceKey key, String word) {
    return quote(key, word, true);
  }

  /** One {@code Environment=} assignment: quoted as a command word, but {@code $} is not expanded there. */
  static String quoteEnvironment(ResourceKey key, String assignment) {
    return quote(key, assignment, false);
  }

  private static String quote(ResourceKey key, String text, boolean dollars) {
    StringBuilder out = new StringBuilder("\"");
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '\\' -> out.append("\\\\");
        case '"' -> out.append("\\\"");
        case '%' -> out.append("%%");
        case '$' -> out.append(dollars ? "$$" : "$");
        case '\n' -> out.append("\\n");
        case '\t' -> out.append("\\t");
        case '\r' -> out.append("\\r");
        default -> {
          if (c < 0x20 || c == 0x7f) {
            throw new IllegalArgumentException("The spec of " + key + " holds control character U+"
                + String.format("%04X", (int) c) + ", which a unit file cannot carry");
          }
          out.append(c);
        }
      }
    }
    return out.append('"').toString();
  }

  /** A value with systemd's specifiers turned off. */
  private static String specifiers(String value) {
    return value.replace("%", "%%");
  }

  private static String checked(ResourceKey key, String property, String value, Pattern pattern, String what) {
    if (!pattern.matcher(value).matches()) {
      throw new IllegalArgumentException("The " + property + " of " + key + " is '" + value.replaceAll("\\p{Cntrl}", "?")
          + "': use " + what);
    }
    return value;
  }

  /**
   * Steward's section of {@code text}, when it has one with all three keys; empty for a unit
   * Steward did not write.
   */
  static Optional<Owner> owner(String text) {
    Map<String, String> section = new LinkedHashMap<>();
    boolean inside = false;
    for (String raw : text.split("\n", -1)) {
      String line = raw.strip();
      if (line.startsWith("[")) {
        inside = line.equals(SECTION);
      } else if (inside && !line.startsWith("#") && line.contains("=")) {
        int equals = line.indexOf('=');
        section.putIfAbsent(line.substring(0, equals).strip(), line.substring(equals + 1).strip());
      }
    }
    if (!section.containsKey(RESOURCE) || !section.containsKey(INSTANCE) || !section.containsKey(SPEC_HASH)) {
      return Optional.empty();
    }
    return Optional.of(new Owner(section.get(RESOURCE), section.get(INSTANCE), section.get(SPEC_HASH)));
  }

  /** The hash written for {@code body}: SHA-256, hex. */
  static String hash(String body) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("Every Java platform has SHA-256", e);
    }
  }
}
