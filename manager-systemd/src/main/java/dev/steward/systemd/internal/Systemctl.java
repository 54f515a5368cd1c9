package dev.steward.systemd.internal;

import dev.steward.Command;
import dev.steward.CommandResult;
import dev.steward.StewardException;
import dev.steward.Transport;
import dev.steward.observe.OutputParseException;
import dev.steward.observe.SystemctlShow;
import dev.steward.observe.SystemdUnit;
import dev.steward.spi.support.ShellQuoting;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The commands the manager runs on a host, each through the {@link Transport}, in the manager's
 * {@link UnitScope}, each failure an error naming the host, the unit and what systemd (or the
 * shell tool) said. Learns each host's {@link HostFacts} with its first command there.
 * Thread-safe.
 */
final class Systemctl {
  static final String PROPERTIES = "Id,LoadState,ActiveState,SubState,MainPID,NRestarts,ExecMainStartTimestamp,"
      + "InvocationID,Result,ExecMainStatus,UnitFileState,NeedDaemonReload,FragmentPath,ExecStart";
  static final int JOURNAL_LINES = 20;
  /** The shell's exit status for a command it cannot find. */
  private static final int COMMAND_NOT_FOUND = 127;
  private static final List<String> JOURNAL = List.of("journalctl", "-n", Integer.toString(JOURNAL_LINES), "--no-pager", "-q", "-o", "cat");

  private final Transport transport;
  private final UnitScope scope;
  private final Map<String, HostFacts> facts = new ConcurrentHashMap<>();
  private final Set<String> lingering = ConcurrentHashMap.newKeySet();

  Systemctl(Transport transport, UnitScope scope) {
    this.transport = Objects.requireNonNull(transport, "transport");
    this.scope = Objects.requireNonNull(scope, "scope");
  }

  UnitScope scope() {
    return scope;
  }

  /**
   * The host's user and systemd version, read with one command the first time they are needed.
   *
   * @throws dev.steward.TransportException when the host cannot be reached (nothing is remembered then)
   * @throws StewardException when the host has no systemctl, or its output cannot be read
   */
  HostFacts facts(String host) {
    HostFacts known = facts.get(host);
    if (known != null) {
      return known;
    }
    CommandResult result = transport.run(host, HostFacts.COMMAND);
    if (result.exitCode() == COMMAND_NOT_FOUND) {
      throw new StewardException("There is no systemctl command on " + host + ": systemd is not installed there, or not on the PATH"
          + " of the transport's commands; the shell said: " + result.stderr().strip());
    }
    if (!result.succeeded()) {
      throw failure(result, "learn the user and the systemd version", "");
    }
    try {
      HostFacts read = HostFacts.parse(result.stdout());
      facts.putIfAbsent(host, read);
      return read;
    } catch (IllegalArgumentException e) {
      throw new StewardException("Could not learn the user and the systemd version on " + host + ": '"
          + HostFacts.COMMAND.display() + "' printed what Steward cannot read: " + e.getMessage(), e);
    }
  }

  /** The directory Steward's unit files live in on {@code host}. */
  String directory(String host) {
    return scope.unitDirectory(facts(host).home());
  }

  /** Where the unit file of {@code unit} lives on {@code host}. */
  String path(String host, String unit) {
    return directory(host) + "/" + unit;
  }

  /** The state of each unit, by name; one {@code systemctl show} for all of them. */
  Map<String, SystemdUnit> show(String host, List<String> units) {
    List<String> argv = new ArrayList<>(showArgv(host));
    argv.add("--");
    argv.addAll(units);
    CommandResult result = run(host, String.join(" ", units), "read the state of",
        inScope(host, systemctl(argv), facts(host).showEnvironment()));
    try {
      return UnitListing.byName(units, SystemctlShow.parse(result.stdout()));
    } catch (OutputParseException | IllegalArgumentException e) {
      throw new StewardException("Could not read the state of " + String.join(" ", units) + " on " + host + ": "
          + e.getMessage(), e);
    }
  }

  SystemdUnit show(String host, String unit) {
    return show(host, List.of(unit)).get(unit);
  }

  /** {@code show -p ... [--timestamp=...]}, without {@code systemctl}: what this host's systemd takes. */
  private List<String> showArgv(String host) {
    List<String> argv = new ArrayList<>(List.of("show", "-p", PROPERTIES));
    argv.addAll(facts(host).timestampOptions());
    return argv;
  }

  /**
   * Steward's units of {@code instance} on {@code host} with their state, and the journal of
   * those that failed: one command.
   *
   * @throws dev.steward.TransportException when the host cannot be reached
   */
  UnitListing.Listing list(String host, String instance) {
    HostFacts hostFacts = facts(host);
    String marker = "--steward-" + UUID.randomUUID();
    List<String> show = new ArrayList<>(scope.systemctl());
    show.addAll(showArgv(host));
    Command command = UnitListing.command(directory(host), instance, marker, show, JOURNAL, scope);
    CommandResult result = run(host, "", "list the units of instance " + instance + " in " + directory(host) + " with",
        inScope(host, command, hostFacts.showEnvironment()));
    try {
      return UnitListing.parse(result.stdout(), marker);
    } catch (OutputParseException | IllegalArgumentException e) {
      throw new StewardException("Could not list the units of instance " + instance + " on " + host + ": " + e.getMessage(), e);
    }
  }

  /** The text of the unit file Steward would write for {@code unit}, when there is one. */
  Optional<String> readUnitFile(String host, String unit) {
    CommandResult result = transport.run(host, Command.of("cat", "--", path(host, unit)));
    if (result.succeeded()) {
      return Optional.of(result.stdout());
    }
    if (result.stderr().contains("No such file or directory")) {
      return Optional.empty();
    }
    throw failure(result, "read the unit file of", unit);
  }

  /**
   * Writes the unit file whole, in one command: to {@code NAME.tmp} through stdin, then renamed
   * over the old one, so systemd never reads half a file.
   */
  void writeUnitFile(String host, String unit, String text) {
    run(host, unit, "write the unit file of", Command.of("sh", "-c",
        "umask 022 && mkdir -p -- \"$1\" && cat > \"$2.tmp\" && mv -f -- \"$2.tmp\" \"$2\"", "sh", directory(host), path(host, unit))
        .withStdin(text));
  }

  /**
   * Disables the unit (removes its links, should someone have enabled it; reloading is left to the
   * caller) and deletes its file; one command.
   */
  void disableAndDelete(String host, String unit) {
    String disable = ShellQuoting.join(systemctl(List.of("disable", "--no-reload", "--", unit)).argv());
    run(host, unit, "disable and delete the unit file of", inScope(host,
        Command.of("sh", "-c", disable + " && rm -f -- \"$1\" \"$1.tmp\"", "sh", path(host, unit)), Map.of()));
  }

  void daemonReload(String host) {
    run(host, "", "reload systemd (daemon-reload)", inScope(host, systemctl(List.of("daemon-reload")), Map.of()));
  }

  /** {@code systemctl start}; the result as it is, for the caller to explain a failure. */
  CommandResult start(String host, String unit) {
    return transport.run(host, inScope(host, systemctl(List.of("start", "--", unit)), Map.of()));
  }

  void stopWithoutWaiting(String host, String unit) {
    run(host, unit, "stop", inScope(host, systemctl(List.of("stop", "--no-block", "--", unit)), Map.of()));
  }

  void kill(String host, String unit) {
    run(host, unit, "kill", inScope(host, systemctl(List.of("kill", "-s", "KILL", "--", unit)), Map.of()));
  }

  void resetFailed(String host, String unit) {
    run(host, unit, "reset the failed state of", inScope(host, systemctl(List.of("reset-failed", "--", unit)), Map.of()));
  }

  /**
   * Whether systemd keeps the transport user's units running without a session ({@code loginctl
   * enable-linger}); {@code loginctl} answers that it knows no such user when the user has neither.
   * A yes is remembered: asked again only while the answer is no.
   */
  boolean lingers(String host) {
    if (lingering.contains(host)) {
      return true;
    }
    String user = facts(host).user();
    CommandResult result = transport.run(host, Command.of("loginctl", "show-user", "-p", "Linger", "--value", "--", user));
    if (result.succeeded()) {
      boolean yes = result.stdout().strip().equals("yes");
      if (yes) {
        lingering.add(host);
      }
      return yes;
    }
    if (result.stderr().contains("is not logged in or lingering")) {
      return false;
    }
    throw failure(result, "ask logind whether it keeps the units of " + user + " running", "");
  }

  /** The unit's last journal lines, oldest first; one line saying why when the journal cannot be read. */
  List<String> journal(String host, String unit) {
    List<String> argv = new ArrayList<>(JOURNAL);
    argv.addAll(scope.journalMatch(unit));
    CommandResult result = transport.run(host, Command.of(argv));
    if (!result.succeeded()) {
      return List.of("(journalctl exited with status " + result.exitCode() + ": " + result.stderr().strip() + ")");
    }
    return result.stdout().lines().toList();
  }

  /** {@code systemctl} of the scope ({@code --user} in user scope) with {@code args}. */
  private Command systemctl(List<String> args) {
    List<String> argv = new ArrayList<>(scope.systemctl());
    argv.addAll(args);
    return Command.of(argv);
  }

  /**
   * {@code command} with {@code more} environment and, in user scope, the user's runtime
   * directory, so {@code systemctl --user} finds the user's systemd from any session (one without
   * PAM, such as a daemon's, has no {@code XDG_RUNTIME_DIR}).
   */
  private Command inScope(String host, Command command, Map<String, String> more) {
    Map<String, String> env = new HashMap<>(more);
    facts(host).runtimeDirectory(scope).ifPresent(dir -> env.put("XDG_RUNTIME_DIR", dir));
    return env.isEmpty() ? command : command.withEnvironment(env);
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
