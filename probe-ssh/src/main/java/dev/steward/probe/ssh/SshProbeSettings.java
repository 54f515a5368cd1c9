package dev.steward.probe.ssh;

import dev.steward.Setting;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The settings of the {@code ssh} probe, with their defaults. How the probe logs in is the
 * transport's business ({@link SshSettings}). Constants only; thread-safe.
 */
public final class SshProbeSettings {
  /** What the probe can look at, in the order it reports them. */
  public static final List<String> AREAS = List.of("editables", "mounts", "units", "containers", "firewall", "ports", "metrics");

  private static final Pattern PROJECT_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._+-]{0,100}");
  private static final Pattern PROGRAM = Pattern.compile("[A-Za-z0-9_./+-]{1,200}");
  private static final Pattern UNIT_PATTERN = Pattern.compile("[A-Za-z0-9_.@:*?\\[\\]\\\\-]{1,200}");

  public static final Setting<String> SOURCE_ROOT = Setting.text("steward.probe.ssh.source-root",
          "the directory on the hosts whose subdirectories are projects: editable installs and bind mounts from below it are reported per project")
      .require(SshProbeSettings::isAbsolutePath, "be an absolute path without control characters, e.g. /srv/projects");

  public static final Setting<String> PROJECTS = Setting.text("steward.probe.ssh.projects",
          "projects to report by name wherever their source lies: name=/path,name=/path")
      .require(SshProbeSettings::validProjects, "be name=/absolute/path pairs separated by commas, each name once");

  public static final Setting<String> PYTHON = Setting.text("steward.probe.ssh.python",
          "the Python interpreter whose editable installs are listed (python -m pip list -v -e)")
      .withDefault("python3")
      .require(p -> PROGRAM.matcher(p).matches(), "be a program name or path of letters, digits and _./+-");

  public static final Setting<String> OBSERVE = Setting.text("steward.probe.ssh.observe",
          "what to look at, comma-separated, from: " + String.join(",", AREAS) + "; a tool a host lacks is skipped, not a failure")
      .withDefault(String.join(",", AREAS))
      .require(text -> !areas(text).isEmpty() || text.isBlank(), "name areas from " + String.join(",", AREAS));

  public static final Setting<String> UNITS = Setting.text("steward.probe.ssh.units",
          "the systemd units to report, comma-separated names or patterns as systemctl show takes them")
      .withDefault("*.service")
      .require(SshProbeSettings::validUnits, "be unit names or glob patterns separated by commas");

  public static final Setting<Duration> TIMEOUT = Setting.duration("steward.probe.ssh.timeout",
          "how long one host's observation (all its commands together) may take")
      .withDefault(Duration.ofSeconds(60))
      .require(d -> !d.isNegative() && !d.isZero(), "be positive");

  public static final Setting<Integer> CONCURRENCY = Setting.integer("steward.probe.ssh.concurrency",
          "how many hosts one survey observes at once; each holds a thread and, over ssh, a session")
      .withDefault(16)
      .require(n -> n >= 1 && n <= 1024, "be between 1 and 1024");

  private SshProbeSettings() {}

  /** Every key, in a stable order. */
  public static List<Setting<?>> all() {
    return List.of(SOURCE_ROOT, PROJECTS, PYTHON, OBSERVE, UNITS, TIMEOUT, CONCURRENCY);
  }

  /**
   * The projects a {@link #PROJECTS} value names, in order.
   *
   * @throws IllegalArgumentException naming the bad pair
   */
  public static Map<String, String> parseProjects(String text) {
    Map<String, String> projects = new LinkedHashMap<>();
    if (text.isBlank()) {
      return projects;
    }
    for (String pair : text.split(",")) {
      int eq = pair.indexOf('=');
      String name = eq < 0 ? "" : pair.substring(0, eq).strip();
      String path = eq < 0 ? "" : pair.substring(eq + 1).strip();
      if (!PROJECT_NAME.matcher(name).matches() || !isAbsolutePath(path)) {
        throw new IllegalArgumentException("'" + pair.strip() + "' is not name=/absolute/path");
      }
      if (projects.put(name, path) != null) {
        throw new IllegalArgumentException("project " + name + " is named twice");
      }
    }
    return projects;
  }

  /** The {@code PROJECTS} text for {@code projects}: the inverse of {@link #parseProjects}. */
  public static String formatProjects(Map<String, String> projects) {
    List<String> pairs = new ArrayList<>();
    projects.forEach((name, path) -> pairs.add(name + "=" + path));
    String text = String.join(",", pairs);
    parseProjects(text);
    return text;
  }

  /** The areas an {@link #OBSERVE} value names; empty when one is unknown. */
  public static Set<String> areas(String text) {
    Set<String> areas = new java.util.LinkedHashSet<>();
    for (String part : text.split(",")) {
      String area = part.strip().toLowerCase(Locale.ROOT);
      if (area.isEmpty()) {
        continue;
      }
      if (!AREAS.contains(area)) {
        return Set.of();
      }
      areas.add(area);
    }
    return areas;
  }

  private static boolean validProjects(String text) {
    try {
      parseProjects(text);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static boolean validUnits(String text) {
    for (String part : text.split(",")) {
      if (!UNIT_PATTERN.matcher(part.strip()).matches()) {
        return false;
      }
    }
    return true;
  }

  private static boolean isAbsolutePath(String path) {
    return path.startsWith("/") && path.length() <= 4096 && path.chars().noneMatch(c -> c < 0x20 || c == 0x7f || c == ',');
  }
}
