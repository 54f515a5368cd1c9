package dev.steward.systemd.internal;

import dev.steward.Command;
import dev.steward.observe.SystemctlShow;
import dev.steward.observe.SystemdUnit;
import dev.steward.spi.support.ShellQuoting;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything {@code list(host)} needs from a host, in one command: the unit files in Steward's
 * directory whose {@code [X-Steward]} section names the instance, what {@code systemctl show} says
 * of those units, and the last journal lines of each one that failed. The three parts are told
 * apart by a marker line the caller makes up for each call. Thread-safe: no state.
 */
final class UnitListing {
  /**
   * What the host said: the units (file names, sorted as the shell's glob sorts them), their state
   * by name, and the journal lines of the failed ones.
   */
  record Listing(List<String> units, Map<String, SystemdUnit> states, Map<String, List<String>> journals) {
    Listing {
      units = List.copyOf(units);
      states = Map.copyOf(states);
      journals = Map.copyOf(journals);
    }
  }

  /*
   * $1 the unit directory, $2 the instance, $3 the marker. The glob keeps to Steward's names; awk
   * keeps the files whose own section (not another section's line) names the instance; IFS is a
   * newline and globbing off, so names with backslashes (systemd-escape's \x2d) pass unchanged.
   */
  private static final String SCRIPT = """
      dir=$1 want="Instance=$2" mark=$3
      [ -d "$dir" ] || exit 0
      cd -- "$dir" || exit
      set -- steward-*.service
      [ -e "$1" ] || exit 0
      units=$(W=$want awk 'FNR == 1 { s = 0 } /^\\[/ { s = ($0 == "[X-Steward]"); next } s && $0 == ENVIRON["W"] { print FILENAME }' "$@") || exit
      [ -n "$units" ] || exit 0
      IFS='
      '
      set -f
      set -- $units
      printf '%s\\n' "$@"
      echo "$mark"
      shown=$(SHOW -- "$@") || exit
      printf '%s\\n' "$shown"
      for u in $(printf '%s\\n' "$shown" | awk 'BEGIN { RS = ""; FS = "\\n" } { id = ""; failed = 0; for (i = 1; i <= NF; i++) { if ($i ~ /^Id=/) id = substr($i, 4); if ($i == "ActiveState=failed") failed = 1 } if (failed && id != "") print id }'); do
        echo "$mark $u"
        JOURNAL 2>&1
      done
      """;

  private UnitListing() {}

  /**
   * The command that lists the units of {@code instance} in {@code directory}.
   *
   * @param show {@code systemctl [--user] show -p ... [--timestamp=...]}, to which the units are added
   * @param journal {@code journalctl} with its options, to which each failed unit's match is added
   */
  static Command command(String directory, String instance, String marker, List<String> show, List<String> journal, UnitScope scope) {
    String script = SCRIPT.replace("SHOW", ShellQuoting.join(show))
        .replace("JOURNAL", ShellQuoting.join(journal) + " " + scope.journalMatchOf("$u"));
    return Command.of("sh", "-c", script, "sh", directory, instance, marker);
  }

  /**
   * Reads the command's output.
   *
   * @throws dev.steward.observe.OutputParseException when systemctl's part cannot be read
   * @throws IllegalArgumentException when the parts do not fit together
   */
  static Listing parse(String stdout, String marker) {
    List<String> lines = stdout.lines().toList();
    if (lines.isEmpty()) {
      return new Listing(List.of(), Map.of(), Map.of());
    }
    int first = lines.indexOf(marker);
    if (first < 0) {
      throw new IllegalArgumentException("expected the unit names and then a line '" + marker + "', found no such line");
    }
    List<String> units = lines.subList(0, first);
    int journalsAt = first + 1;
    while (journalsAt < lines.size() && !lines.get(journalsAt).startsWith(marker + " ")) {
      journalsAt++;
    }
    String shown = String.join("\n", lines.subList(first + 1, journalsAt));
    Map<String, SystemdUnit> states = byName(units, SystemctlShow.parse(shown));
    Map<String, List<String>> journals = new LinkedHashMap<>();
    List<String> current = null;
    for (String line : lines.subList(journalsAt, lines.size())) {
      if (line.startsWith(marker + " ")) {
        current = new ArrayList<>();
        journals.put(line.substring(marker.length() + 1), current);
      } else {
        current.add(line);
      }
    }
    return new Listing(units, states, journals);
  }

  /**
   * The units {@code systemctl show} described, by name: its blocks come in the order the units
   * were named, and each block's {@code Id} confirms it when systemd gives one.
   *
   * @throws IllegalArgumentException when it described another number of units
   */
  static Map<String, SystemdUnit> byName(List<String> units, List<SystemdUnit> parsed) {
    if (parsed.size() != units.size()) {
      throw new IllegalArgumentException("systemctl show described " + parsed.size() + " units for " + units.size() + " asked");
    }
    Map<String, SystemdUnit> byName = new LinkedHashMap<>();
    for (int i = 0; i < units.size(); i++) {
      SystemdUnit unit = parsed.get(i);
      Optional<String> id = unit.id().filter(units::contains);
      byName.put(id.orElse(units.get(i)), unit);
    }
    return byName;
  }
}
