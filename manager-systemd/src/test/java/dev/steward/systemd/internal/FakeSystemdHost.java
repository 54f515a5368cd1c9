package dev.steward.systemd.internal;

import dev.steward.Command;
import dev.steward.CommandResult;
import dev.steward.Transport;
import dev.steward.TransportException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * A Transport that plays one host with systemd: unit files in a map, units that load on
 * daemon-reload, and the commands the manager runs, each recorded as it would be typed. A unit
 * whose ExecStart names /bin/false fails to start; one named in {@link #ignoringTerm} needs a
 * SIGKILL to stop. The manager's shell scripts (its first look at the host, writing a unit file,
 * deleting one, listing its units) are told apart by what they hold and played here; the lab's
 * integration tests run the real ones. Thread-safe enough for one test thread.
 */
final class FakeSystemdHost implements Transport {
  static final String HOST = "h1";
  static final String FACTS = HostFacts.COMMAND.display();

  final Map<String, String> files = new TreeMap<>();
  final List<String> commands = new ArrayList<>();
  final List<String> ignoringTerm = new ArrayList<>();
  /** Units defined outside /etc/systemd/system, by name, with their fragment path. */
  final Map<String, String> elsewhere = new HashMap<>();
  private final Map<String, Unit> units = new HashMap<>();
  private int pids = 1000;
  /** What {@code systemctl --version} says. */
  String version = "systemd 252 (252.39-1~deb12u2)";
  /** Whether the host has no systemctl: the shell says so, with 127. */
  volatile boolean noSystemctl;
  /** Whether the host is down: every command throws, as a transport that cannot reach it does. */
  volatile boolean down;

  private static final class Unit {
    String loaded;
    String active = "inactive";
    String sub = "dead";
    long pid;
    String result = "success";
    int invocation;
    int exitStatus;
    List<String> journal = new ArrayList<>();
  }

  @Override
  public synchronized CommandResult run(String host, Command command) {
    if (down) {
      throw new TransportException(host, "Could not connect to " + host + ": Connection refused", null);
    }
    commands.add(command.display());
    List<String> a = command.argv();
    return switch (a.get(0)) {
      case "cat" -> files.containsKey(a.get(2)) ? ok(command, files.get(a.get(2)))
          : result(command, 1, "", "cat: " + a.get(2) + ": No such file or directory\n");
      case "sh" -> shell(command);
      case "journalctl" -> ok(command, journal(a.get(a.size() - 1)));
      case "systemctl" -> systemctl(command);
      default -> throw new AssertionError("unexpected command " + command.display());
    };
  }

  private CommandResult shell(Command command) {
    List<String> a = command.argv();
    String script = a.get(2);
    if (command.equals(HostFacts.COMMAND) && noSystemctl) {
      return result(command, 127, "/root\nroot\n0\n", "sh: 1: systemctl: not found\n");
    }
    if (command.equals(HostFacts.COMMAND)) {
      return ok(command, "/root\nroot\n0\n" + version + "\n+PAM +AUDIT default-hierarchy=unified\n");
    }
    if (script.contains("cat > \"$2.tmp\"")) {
      files.put(a.get(5), command.stdin().orElseThrow());
      return ok(command, "");
    }
    if (script.contains(" disable --no-reload ")) {
      files.remove(a.get(4));
      return ok(command, "");
    }
    if (script.contains("[X-Steward]")) {
      return ok(command, listing(a.get(4), a.get(5), a.get(6)));
    }
    throw new AssertionError("unexpected script " + command.display());
  }

  /** What the manager's listing script prints: its units' names, their state, the journal of the failed ones. */
  private String listing(String directory, String instance, String marker) {
    List<String> units = files.entrySet().stream()
        .filter(e -> e.getKey().startsWith(directory + "/steward-") && e.getKey().endsWith(".service"))
        .filter(e -> ownSection(e.getValue()).contains("Instance=" + instance))
        .map(e -> e.getKey().substring(directory.length() + 1))
        .toList();
    if (units.isEmpty()) {
      return "";
    }
    StringBuilder out = new StringBuilder();
    units.forEach(u -> out.append(u).append('\n'));
    out.append(marker).append('\n');
    out.append(units.stream().map(this::show).collect(Collectors.joining("\n")));
    for (String u : units) {
      if (unit(u).active.equals("failed")) {
        out.append(marker).append(' ').append(u).append('\n').append(journal(u));
      }
    }
    return out.toString();
  }

  private static List<String> ownSection(String text) {
    List<String> section = new ArrayList<>();
    boolean inside = false;
    for (String line : text.split("\n")) {
      if (line.startsWith("[")) {
        inside = line.equals("[X-Steward]");
      } else if (inside) {
        section.add(line);
      }
    }
    return section;
  }

  private String journal(String name) {
    List<String> lines = unit(name).journal;
    return lines.isEmpty() ? "" : String.join("\n", lines) + "\n";
  }

  private CommandResult systemctl(Command command) {
    List<String> a = command.argv();
    String name = a.get(a.size() - 1);
    switch (a.get(1)) {
      case "show" -> {
        List<String> blocks = new ArrayList<>();
        for (String unit : a.subList(a.indexOf("--") + 1, a.size())) {
          blocks.add(show(unit));
        }
        return ok(command, String.join("\n", blocks));
      }
      case "daemon-reload" -> {
        units.values().forEach(u -> u.loaded = null);
        files.forEach((path, text) -> {
          if (path.startsWith("/etc/systemd/system/") && path.endsWith(".service")) {
            unit(path.substring("/etc/systemd/system/".length())).loaded = text;
          }
        });
        return ok(command, "");
      }
      case "start" -> {
        Unit u = unit(name);
        if (u.loaded == null && !elsewhere.containsKey(name)) {
          return result(command, 5, "", "Failed to start " + name + ": Unit " + name + " not found.\n");
        }
        u.invocation++;
        if (u.loaded != null && u.loaded.contains("\"/bin/false\"")) {
          u.active = "failed";
          u.sub = "failed";
          u.result = "exit-code";
          u.exitStatus = 1;
          u.pid = 0;
          u.journal.add("Started " + name + ".");
          u.journal.add(name + ": Main process exited, code=exited, status=1/FAILURE");
          return result(command, 1, "", "Job for " + name + " failed because the control process exited with error code.\n");
        }
        u.active = "active";
        u.sub = "running";
        u.result = "success";
        u.pid = ++pids;
        return ok(command, "");
      }
      case "stop" -> {
        Unit u = unit(name);
        if (ignoringTerm.contains(name)) {
          u.active = "deactivating";
          u.sub = "stop-sigterm";
        } else {
          u.active = "inactive";
          u.sub = "dead";
          u.pid = 0;
        }
        return ok(command, "");
      }
      case "kill" -> {
        Unit u = unit(name);
        u.active = "failed";
        u.sub = "failed";
        u.result = "signal";
        u.pid = 0;
        return ok(command, "");
      }
      case "reset-failed" -> {
        Unit u = unit(name);
        u.active = "inactive";
        u.sub = "dead";
        u.result = "success";
        return ok(command, "");
      }
      default -> throw new AssertionError("unexpected command " + command.display());
    }
  }

  private String show(String name) {
    Unit u = unit(name);
    String path = "/etc/systemd/system/" + name;
    boolean loaded = u.loaded != null || elsewhere.containsKey(name);
    String fragment = elsewhere.getOrDefault(name, loaded ? path : "");
    boolean stale = u.loaded != null && !u.loaded.equals(files.get(path));
    return "Id=" + name + "\n"
        + "Result=" + u.result + "\n"
        + "NRestarts=0\n"
        + "ExecMainStartTimestamp=" + (u.pid == 0 ? "" : "@1795317887") + "\n"
        + "ExecMainStatus=" + u.exitStatus + "\n"
        + "MainPID=" + u.pid + "\n"
        + "FragmentPath=" + fragment + "\n"
        + "UnitFileState=" + (loaded ? "disabled" : "") + "\n"
        + "LoadState=" + (loaded ? "loaded" : "not-found") + "\n"
        + "ActiveState=" + u.active + "\n"
        + "SubState=" + u.sub + "\n"
        + "InvocationID=" + (u.invocation == 0 ? "" : "%032x".formatted(u.invocation)) + "\n"
        + "NeedDaemonReload=" + (stale ? "yes" : "no") + "\n";
  }

  private Unit unit(String name) {
    return units.computeIfAbsent(name, n -> new Unit());
  }

  /** Loads the unit files as {@code systemctl daemon-reload} does, without recording it. */
  synchronized void reload() {
    run(HOST, Command.of("systemctl", "daemon-reload"));
    commands.clear();
  }

  /** The commands run since the last call, and forgets them. */
  synchronized List<String> take() {
    List<String> seen = List.copyOf(commands);
    commands.clear();
    return seen;
  }

  private static CommandResult ok(Command command, String stdout) {
    return result(command, 0, stdout, "");
  }

  private static CommandResult result(Command command, int exit, String stdout, String stderr) {
    return new CommandResult(HOST, command, exit, stdout, stderr, false, false, Duration.ofMillis(1));
  }
}
