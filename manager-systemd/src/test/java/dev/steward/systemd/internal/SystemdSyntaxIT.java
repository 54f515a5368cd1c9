package dev.steward.systemd.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steward.Command;
import dev.steward.CommandResult;
import dev.steward.ProcessSpec;
import dev.steward.ResourceKey;
import dev.steward.Spec;
import dev.steward.spi.support.ShellQuoting;
import dev.steward.systemd.LabHost;
import dev.steward.testsupport.Poll;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.AfterTry;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Unit names and unit files as systemd itself reads them, on a lab host: random resource names and
 * random argument vectors, a batch of them per try and a few commands per batch. The names must be
 * what {@code systemd-escape} writes and names systemd takes; the command lines and environment
 * values Steward writes must reach the program exactly as they were given, {@code %}, {@code $},
 * quotes, backslashes, spaces, tabs and newlines included: the program (python3) writes back what it
 * received, hex-encoded.
 */
class SystemdSyntaxIT {
  private static final String DIRECTORY = "/etc/systemd/system";
  private static final String ECHO = "import os, sys\n"
      + "out = sys.argv[1]\n"
      + "raw = lambda s: s.encode('utf-8', 'surrogateescape').hex()\n"
      + "lines = [str(len(sys.argv) - 2), raw(os.environ.get('ECHO', ''))] + [raw(a) for a in sys.argv[2:]]\n"
      + "open(out + '.tmp', 'w').write('\\n'.join(lines) + '\\n')\n"
      + "os.rename(out + '.tmp', out)\n";
  /** Pieces of arguments: what systemd's parser treats specially, and plain text around it. */
  private static final List<String> PIECES = List.of("a", "Z", "0", "-", "_", " ", "  ", "%", "%%", "%n", "%i", "$", "$$",
      "$X", "${X}", "$ECHO", "\"", "'", "\\", "\\n", "\\\\", ";", "\n", "\t", "é", "日本", "😀", "*", "?", "~", "`", "!",
      "#", "=", "{", "}", "(", ")", "|", "&", "<", ">");

  private static LabHost lab;
  private static String instance;
  private final List<String> written = new ArrayList<>();

  @BeforeContainer
  static void openLab() {
    lab = LabHost.open(3);
    instance = LabHost.uniqueInstance("syntax");
  }

  @AfterContainer
  static void closeLab() {
    if (lab != null) {
      try {
        // Whatever a try that failed half-way left behind.
        lab.removeUnitsOf(instance);
        lab.run("rm", "-rf", "/tmp/" + instance);
      } finally {
        lab.close();
      }
    }
  }

  @AfterTry
  void removeUnits() {
    if (!written.isEmpty()) {
      List<String> argv = new ArrayList<>(List.of("sh", "-c", "cd " + DIRECTORY + " && systemctl stop -- \"$@\";"
          + " systemctl reset-failed -- \"$@\" 2>/dev/null; rm -f -- \"$@\" && systemctl daemon-reload", "sh"));
      argv.addAll(written);
      lab.transport.run(lab.address, Command.of(argv)).requireSuccess();
      written.clear();
    }
  }

  @Provide
  Arbitrary<String> names() {
    Arbitrary<Character> first = Arbitraries.chars().alpha().numeric();
    Arbitrary<String> rest = Arbitraries.strings().alpha().numeric().withChars("._@:+-").ofMaxLength(30);
    return Combinators.combine(first, rest).as((f, r) -> f + r);
  }

  @Provide
  Arbitrary<String> kinds() {
    Arbitrary<Character> first = Arbitraries.chars().range('a', 'z');
    Arbitrary<String> rest = Arbitraries.strings().withCharRange('a', 'z').numeric().withChars("-").ofMaxLength(10);
    return Combinators.combine(first, rest).as((f, r) -> f + r);
  }

  @Provide
  Arbitrary<String> arguments() {
    return Arbitraries.of(PIECES).list().ofMaxSize(6).map(pieces -> String.join("", pieces));
  }

  @Provide
  Arbitrary<List<String>> argvs() {
    return arguments().list().ofMaxSize(5);
  }

  @Property(tries = 10)
  void unitNamesAreWhatSystemdEscapeWritesAndSystemdTakesThem(
      @ForAll @Size(8) List<@From("names") String> names, @ForAll("kinds") String kind, @ForAll("names") String instanceName) {
    List<String> escape = new ArrayList<>(List.of("sh", "-c", "for n; do systemd-escape -- \"$n\"; done", "sh"));
    escape.addAll(names);
    List<String> units = new ArrayList<>();
    for (String name : names) {
      units.add(UnitNames.unit(instanceName, ResourceKey.of(kind, name, "h1")));
    }
    List<String> show = new ArrayList<>(List.of("systemctl", "show", "-p", "Id", "--value", "--"));
    show.addAll(units);

    List<String> escaped = lab.transport.run(lab.address, Command.of(escape)).requireSuccess().stdout().lines().toList();
    CommandResult shown = lab.transport.run(lab.address, Command.of(show));

    assertThat(escaped).isEqualTo(names.stream().map(UnitNames::escape).toList());
    assertThat(shown.exitCode()).as("systemctl show of %s: %s", units, shown.stderr()).isZero();
    assertThat(shown.stdout().lines().filter(l -> !l.isEmpty()).toList()).isEqualTo(units);
  }

  @Property(tries = 10)
  void commandLinesAndEnvironmentReachTheProgramAsTheyWereGiven(
      @ForAll @Size(4) List<@From("argvs") List<String>> argvs, @ForAll @Size(4) List<@From("arguments") String> echoes) {
    String outputs = "/tmp/" + instance;
    Map<String, Integer> byUnit = new LinkedHashMap<>();
    StringBuilder files = new StringBuilder();
    for (int i = 0; i < argvs.size(); i++) {
      ResourceKey key = ResourceKey.of("node", "n" + i, "h1");
      List<String> argv = new ArrayList<>(List.of("/usr/bin/python3", "-c", ECHO, outputs + "/" + i));
      argv.addAll(argvs.get(i));
      Spec spec = Spec.of(key).with(ProcessSpec.COMMAND, ShellQuoting.join(argv)).with("env.ECHO", echoes.get(i));
      String unit = UnitNames.unit(instance, key);
      byUnit.put(unit, i);
      written.add(unit);
      files.append(unit).append('\n')
          .append(Base64.getEncoder().encodeToString(UnitFile.render(spec, instance, Duration.ofSeconds(5)).getBytes(StandardCharsets.UTF_8)))
          .append('\n');
    }
    List<String> start = new ArrayList<>(List.of("sh", "-c", "rm -rf \"$1\" && mkdir -p \"$1\" && cd " + DIRECTORY
        + " && while IFS= read -r name && IFS= read -r data; do printf '%s' \"$data\" | base64 -d > \"$name\" || exit; done"
        + " && systemctl daemon-reload && shift && systemctl start -- \"$@\"", "sh", outputs));
    start.addAll(byUnit.keySet());

    lab.transport.run(lab.address, Command.of(start).withStdin(files.toString())).requireSuccess();

    Map<Integer, List<String>> received = Poll.within(Duration.ofSeconds(20)).await("every program to write what it got",
        () -> read(outputs), got -> got.size() == argvs.size());
    for (int i = 0; i < argvs.size(); i++) {
      List<String> lines = received.get(i);
      assertThat(lines.get(0)).as("argument count of %s", argvs.get(i)).isEqualTo(Integer.toString(argvs.get(i).size()));
      assertThat(decode(lines.get(1))).as("ECHO").isEqualTo(echoes.get(i));
      assertThat(lines.subList(2, lines.size()).stream().map(SystemdSyntaxIT::decode).toList()).isEqualTo(argvs.get(i));
    }
  }

  /** What each program wrote, by its number: the lines of each output file that is there. */
  private static Map<Integer, List<String>> read(String outputs) {
    String all = lab.run("sh", "-c", "cd \"$1\" && for f in *; do case \"$f\" in *.tmp|'*') ;; *) echo \"== $f\"; cat -- \"$f\";; esac; done",
        "sh", outputs);
    Map<Integer, List<String>> byNumber = new LinkedHashMap<>();
    List<String> current = null;
    // Each file ends in a newline; only the last one's is left over by the split.
    for (String line : all.substring(0, Math.max(0, all.length() - 1)).split("\n", -1)) {
      if (line.startsWith("== ")) {
        current = new ArrayList<>();
        byNumber.put(Integer.parseInt(line.substring(3)), current);
      } else if (current != null) {
        current.add(line);
      }
    }
    return byNumber;
  }

  private static String decode(String hex) {
    return new String(HexFormat.of().parseHex(hex), StandardCharsets.UTF_8);
  }
}
