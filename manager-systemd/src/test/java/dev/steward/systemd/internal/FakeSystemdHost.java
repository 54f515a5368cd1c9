package dev.steward.systemd.internal;

import dev.steward.Command;
import dev.steward.CommandResult;
import dev.steward.Transport;
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
 * SIGKILL to stop. Thread-safe enough for one test thread.
 */
final class FakeSystemdHost implements Transport {
  static final String HOST = "h1";

  final Map<String, String> files = new TreeMap<>();
  final List<String> commands = new ArrayList<>();
  final List<String> ignoringTerm = new ArrayList<>();
  /** Units defined outside /etc/systemd/system, by name, with their fragment path. */
  final Map<String, String> elsewhere = new HashMap<>();
  private final Map<String, Unit> units = new HashMap<>();
  private int pids = 1000;

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
    commands.add(command.display());
    List<String> a = command.argv();
    return switch (a.get(0)) {
      case "cat" -> files.containsKey(a.get(2)) ? ok(command, files.get(a.get(2)))
          : result(command, 1, "", "cat: " + a.get(2) + ": No such file or directory\n");
      case "sh" -> {
        files.put(a.get(4), command.stdin().orElseThrow());
        yield ok(command, "");
      }
      case "mv" -> {
        files.put(a.get(4), files.remove(a.get(3)));
        yield ok(command, "");
      }
      case "grep" -> grep(command);
      case "journalctl" -> ok(command, String.join("\n", unit(a.get(2)).journal) + "\n");
      case "systemctl" -> systemctl(command);
      default -> throw new AssertionError("unexpected command " + command.display());
    };
  }

  private CommandResult grep(Command command) {
    String line = command.argv().get(6);
    String out = files.entrySet().stream()
        .filter(e -> e.getKey().startsWith("/etc/systemd/system/steward-") && e.getValue().lines().anyMatch(line::equals))
        .map(Map.Entry::getKey).collect(Collectors.joining("\n"));
    return out.isEmpty() ? result(command, 1, "", "") : ok(command, out + "\n");
  }

  private CommandResult systemctl(Command command) {
    List<String> a = command.argv();
    String name = a.get(a.size() - 1);
    switch (a.get(1)) {
      case "show" -> {
        List<String> blocks = new ArrayList<>();
        for (String unit : a.subList(5, a.size())) {
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
