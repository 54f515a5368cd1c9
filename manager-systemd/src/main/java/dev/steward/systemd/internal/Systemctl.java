package dev.steward.systemd.internal;

import dev.steward.Command;
import dev.steward.CommandResult;
import dev.steward.StewardException;
import dev.steward.Transport;
import dev.steward.observe.OutputParseException;
import dev.steward.observe.SystemctlShow;
import dev.steward.observe.SystemdUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The commands the manager runs on a host, each through the {@link Transport}, each failure an
 * error naming the host, the unit and what systemd (or the shell tool) said. Thread-safe.
 */
final class Systemctl {
  static final String UNIT_DIRECTORY = "/etc/systemd/system";
  static final String PROPERTIES = "Id,LoadState,ActiveState,SubState,MainPID,NRestarts,ExecMainStartTimestamp,"
      + "InvocationID,Result,ExecMainStatus,UnitFileState,NeedDaemonReload,FragmentPath";
  static final int JOURNAL_LINES = 20;

  private final Transport transport;

  Systemctl(Transport transport) {
    this.transport = Objects.requireNonNull(transport, "transport");
  }

  static String path(String unit) {
    return UNIT_DIRECTORY + "/" + unit;
  }

  /** The state of each unit, by name; one {@code systemctl show} for all of them. */
  Map<String, SystemdUnit> show(String host, List<String> units) {
    List<String> argv = new ArrayList<>(List.of("systemctl", "show", "-p", PROPERTIES, "--timestamp=unix"));
    argv.addAll(units);
    CommandResult result = run(host, String.join(" ", units), "read the state of", Command.of(argv));
    List<SystemdUnit> parsed;
    try {
      parsed = SystemctlShow.parse(result.stdout());
    } catch (OutputParseException e) {
      throw new StewardException("Could not read the state of " + String.join(" ", units) + " on " + host + ": "
          + e.getMessage(), e);
    }
    if (parsed.size() != units.size()) {
      throw new StewardException("Could not read the state of " + String.join(" ", units) + " on " + host
          + ": systemctl show described " + parsed.size() + " units for " + units.size() + " asked");
    }
    Map<String, SystemdUnit> byName = new HashMap<>();
    for (int i = 0; i < units.size(); i++) {
      // Blocks come in the order the units were named; Id confirms it when systemd gives one.
      SystemdUnit unit = parsed.get(i);
      byName.put(unit.id().filter(units::contains).orElse(units.get(i)), unit);
    }
    return byName;
  }

  SystemdUnit show(String host, String unit) {
    return show(host, List.of(unit)).get(unit);
  }

  /** The text of the unit file Steward would write for {@code unit}, when there is one. */
  Optional<String> readUnitFile(String host, String unit) {
    String path = path(unit);
    CommandResult result = transport.run(host, Command.of("cat", "--", path));
    if (result.succeeded()) {
      return Optional.of(result.stdout());
    }
    if (result.stderr().contains("No such file or directory")) {
      return Optional.empty();
    }
    throw failure(result, "read the unit file of", unit);
  }

  /** Writes the unit file whole: to {@code NAME.tmp} through stdin, then renamed over the old one. */
  void writeUnitFile(String host, String unit, String text) {
    String path = path(unit);
    run(host, unit, "write the unit file of",
        Command.of("sh", "-c", "umask 022 && cat > \"$1\"", "sh", path + ".tmp").withStdin(text));
    run(host, unit, "write the unit file of", Command.of("mv", "-f", "--", path + ".tmp", path));
  }

  /** The unit files under {@link #UNIT_DIRECTORY} whose Steward section names {@code instance}. */
  List<String> unitsOf(String host, String instance) {
    CommandResult result = transport.run(host, Command.of("grep", "-l", "-s", "-x", "-F", "-e",
        UnitFile.INSTANCE + "=" + instance, "-r", "--include=" + UnitNames.PREFIX + "*" + UnitNames.SUFFIX, UNIT_DIRECTORY));
    if (result.exitCode() == 1) {
      return List.of();
    }
    if (!result.succeeded()) {
      throw failure(result, "list the units in " + UNIT_DIRECTORY + " of instance " + instance, "");
    }
    String prefix = UNIT_DIRECTORY + "/";
    return Arrays.stream(result.stdout().split("\n"))
        .filter(line -> line.startsWith(prefix) && line.indexOf('/', prefix.length()) < 0)
        .map(line -> line.substring(prefix.length()))
        .sorted()
        .toList();
  }

  void daemonReload(String host, String unit) {
    run(host, unit, "reload systemd (daemon-reload) for", Command.of("systemctl", "daemon-reload"));
  }

  /** {@code systemctl start}; the result as it is, for the caller to explain a failure. */
  CommandResult start(String host, String unit) {
    return transport.run(host, Command.of("systemctl", "start", "--", unit));
  }

  void stopWithoutWaiting(String host, String unit) {
    run(host, unit, "stop", Command.of("systemctl", "stop", "--no-block", "--", unit));
  }

  void kill(String host, String unit) {
    run(host, unit, "kill", Command.of("systemctl", "kill", "-s", "KILL", "--", unit));
  }

  void resetFailed(String host, String unit) {
    run(host, unit, "reset the failed state of", Command.of("systemctl", "reset-failed", "--", unit));
  }

  /** The unit's last journal lines, oldest first; empty when the journal cannot be read. */
  List<String> journal(String host, String unit) {
    CommandResult result = transport.run(host, Command.of("journalctl", "-u", unit, "-n", Integer.toString(JOURNAL_LINES),
        "--no-pager", "-q", "-o", "cat"));
    if (!result.succeeded()) {
      return List.of("(journalctl exited with status " + result.exitCode() + ": " + result.stderr().strip() + ")");
    }
    return result.stdout().lines().toList();
  }

  private CommandResult run(String host, String unit, String what, Command command) {
    CommandResult result = transport.run(host, command);
    if (!result.succeeded()) {
      throw failure(result, what, unit);
    }
    return result;
  }

  private static StewardException failure(CommandResult result, String what, String unit) {
    String said = result.stderr().strip();
    return new StewardException("Could not " + what + (unit.isEmpty() ? "" : " " + unit) + " on " + result.host() + ": '"
        + result.command().display() + "' exited with status " + result.exitCode()
        + (said.isEmpty() ? " and printed nothing on stderr" : ": " + said));
  }
}
