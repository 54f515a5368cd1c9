package dev.steward.examples.cli;

import static dev.steward.examples.cli.Cli.cli;
import static org.assertj.core.api.Assertions.assertThat;

import dev.steward.CoreSettings;
import dev.steward.Setting;
import dev.steward.Settings;
import dev.steward.StewardException;
import dev.steward.examples.scenario.Scenario;
import dev.steward.examples.scenario.ScenarioContext;
import dev.steward.examples.scenario.Scenarios;
import dev.steward.testsupport.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("steward run")
class RunCommandTest {
  private static final Instant START = Instant.parse("2030-01-01T00:00:00Z");
  private static final Pattern JOURNAL_LINE =
      Pattern.compile("^ {3}(\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z) {2}v(\\d+) +(.+?)  +(.*)$", Pattern.MULTILINE);

  @Test
  @DisplayName("run lifecycle prints every node transition in order, with the record's time and version")
  void lifecyclePrintsEveryTransitionInOrder() {
    Cli.Result result = cli().settings(Settings.builder().clock(MutableClock.stepping(START, Duration.ofSeconds(1))).build())
        .run("run", "lifecycle");

    assertThat(result.exitCode()).as(result.toString()).isZero();
    assertThat(result.err()).isEmpty();
    String nodeSection = section(result.out(), "1. A node walks", "2. Moves");
    List<String[]> journal = journal(nodeSection);
    assertThat(journal).extracting(line -> line[2]).containsExactly(
        "created in PLANNED",
        "PLANNED -> CREATING",
        "CREATING -> STARTING",
        "STARTING -> RUNNING",
        "RUNNING -> UPGRADING",
        "UPGRADING -> RUNNING",
        "RUNNING -> STOPPING",
        "STOPPING -> STOPPED",
        "STOPPED -> REMOVING",
        "REMOVING -> REMOVED");
    assertThat(journal).extracting(line -> line[1]).containsExactly("1", "2", "3", "4", "5", "6", "7", "8", "9", "10");
    // The times are the records' updatedAt from the clock in the settings: the store asks once per change.
    assertThat(journal.get(0)[0]).isEqualTo("2030-01-01T00:00:00.000Z");
    assertThat(journal).extracting(line -> Instant.parse(line[0])).isSortedAccordingTo(Instant::compareTo)
        .doesNotHaveDuplicates();
    assertThat(journal.get(4)[3]).isEqualTo("upgrading from 1.4.2 to 1.5.0");
    assertThat(result.out()).startsWith("Scenario 'lifecycle': ").endsWith("Scenario 'lifecycle' finished.\n");
  }

  @Test
  @DisplayName("run lifecycle shows the store refusing illegal transitions with their messages")
  void lifecyclePrintsTheRefusals() {
    Cli.Result result = cli().run("run", "lifecycle");

    assertThat(result.exitCode()).as(result.toString()).isZero();
    assertThat(result.out())
        .contains("refused: Refused to move node/web-1@local from REMOVED to RUNNING: "
            + "REMOVED is a terminal state of lifecycle 'node'; nothing may follow it")
        .contains("refused: Refused to move node/web-2@local from STOPPED to UPGRADING: "
            + "lifecycle 'node' allows STOPPED -> STARTING, REMOVING, DEAD only")
        .contains("the record is unchanged (still STOPPED, version 6)")
        .contains("refused: Refused to move item/debian-12.iso@local from DISCOVERED to UPLOADED: "
            + "lifecycle 'pipeline' allows DISCOVERED -> STAGED, FAILED only");
  }

  @Test
  @DisplayName("run lifecycle walks the custom pipeline through two failures and a retry to COMPLETE")
  void lifecycleWalksTheCustomPipeline() {
    Cli.Result result = cli().run("run", "lifecycle");

    assertThat(result.exitCode()).as(result.toString()).isZero();
    String pipeline = section(result.out(), "3. A lifecycle of your own", "Failure bookkeeping");
    List<String> steps = journal(pipeline).stream().map(line -> line[2]).toList();
    assertThat(steps).containsSubsequence("created in DISCOVERED", "DISCOVERED -> STAGED", "STAGED -> METADATA_FETCHED",
        "METADATA_FETCHED -> TORRENT_CREATED", "failure #1 recorded", "TORRENT_CREATED -> FAILED", "FAILED -> DISCOVERED",
        "failure #2 recorded", "TORRENT_CREATED -> FAILED", "FAILED -> DISCOVERED", "TORRENT_CREATED -> UPLOADED",
        "UPLOADED -> COMPLETE");
    assertThat(steps).filteredOn(step -> step.startsWith("failure #")).hasSize(2);
    assertThat(result.out()).contains("attempts that failed  2\n")
        .contains("last error            UploadTimeout: tracker.example.org did not answer within 30s\n")
        .contains("store.resetFailures forgets them: attempts 0, version 19.");
  }

  @Test
  @DisplayName("run pipeline resumes after the last checkpoint, resets failures, migrates and recovers, and removes its folder")
  void pipelineTellsTheWholeStory() {
    Cli.Result result = cli().settings(Settings.builder().clock(MutableClock.stepping(START, Duration.ofSeconds(1))).build())
        .run("run", "pipeline");

    assertThat(result.exitCode()).as(result.toString()).isZero();
    assertThat(result.out())
        .contains("is stage METADATA_FETCHED  done?  yes, at 2030-01-01T00:00:")
        .contains("is stage TORRENT_CREATED   done?  no   <- resume here\n")
        .contains("still version 12.")
        .contains("attempts 2 -> 0 (version 10 -> 11)")
        .contains("node/web-1@local  lifecycle node, state RUNNING, version 1, created 2025-01-01T00:00:00Z")
        .contains("The directory now holds: journal.log, lock, state.json, state.json.good, state.json.v1.bak")
        .contains("item/fedora-40.iso@local     METADATA_FETCHED  version 3")
        .contains("Every record is back exactly as it was")
        .endsWith("Scenario 'pipeline' finished.\n");
    String folder = result.out().lines().filter(line -> line.startsWith("Working in ")).findFirst().orElseThrow()
        .substring("Working in ".length()).replace(" (a temporary folder, removed at the end).", "");
    assertThat(java.nio.file.Path.of(folder)).doesNotExist();
  }

  @Test
  @DisplayName("run pipeline --dir keeps the state for the state commands, and refuses a folder that is not empty")
  void pipelineKeepsItsDirectory(@org.junit.jupiter.api.io.TempDir java.nio.file.Path temp) {
    java.nio.file.Path dir = temp.resolve("run");

    Cli.Result result = cli().run("run", "pipeline", "--dir", dir.toString());

    assertThat(result.exitCode()).as(result.toString()).isZero();
    assertThat(result.out()).contains("steward state list --dir " + dir.resolve("pipeline"));
    Cli.Result list = cli().run("state", "list", "--dir", dir.resolve("pipeline").toString());
    assertThat(list.out()).contains("item/debian-12.iso@local ", "item/ubuntu-24.04.iso@local ");
    assertThat(cli().run("state", "verify", "--dir", dir.resolve("recovery").toString()).exitCode()).isZero();

    Cli.Result again = cli().run("run", "pipeline", "--dir", dir.toString());
    assertThat(again.exitCode()).isEqualTo(1);
    assertThat(again.err()).startsWith("steward: The folder " + dir + " is not empty;");
  }

  @Test
  @DisplayName("run proxmox-sync lists what each change to the simulated cluster recorded, and --dir keeps the inventory")
  void proxmoxSyncRecordsEachChange(@org.junit.jupiter.api.io.TempDir java.nio.file.Path temp) {
    java.nio.file.Path dir = temp.resolve("run");

    Cli.Result result = cli().run("run", "proxmox-sync", "--dir", dir.toString());

    assertThat(result.exitCode()).as(result.toString()).isZero();
    String out = result.out();
    assertThat(section(out, "1. The first sync", "2. Nothing changed")).contains("pve-node       3 added", "0 changed, 0 removed, 0 unknown");
    assertThat(section(out, "2. Nothing changed", "3. VM ")).contains("-> 0 added, 0 changed, 0 removed, 0 unknown;");
    assertThat(section(out, "3. VM ", "4. Container ")).containsPattern("changed +pve-qemu/\\d+@127\\.0\\.0\\.1 +node: pve1 -> pve2");
    assertThat(section(out, "4. Container ", "5. VM ")).containsPattern("changed +pve-lxc/\\d+@127\\.0\\.0\\.1 +config\\.memory: (\\d+) -> \\d+")
        .contains("-> 0 added, 1 changed, 0 removed, 0 unknown;");
    assertThat(section(out, "5. VM ", "6. Node pve3")).containsPattern("removed +pve-qemu/\\d+@127\\.0\\.0\\.1 +name=");
    assertThat(section(out, "6. Node pve3", "7. The history")).contains("state: online -> offline", "0 removed,")
        .containsPattern("unknown  pve-(qemu|lxc)/\\d+@127\\.0\\.0\\.1  not seen: pve3 is offline");
    assertThat(out).endsWith("Scenario 'proxmox-sync' finished.\n");

    java.nio.file.Path inventory = dir.resolve("inventory");
    Cli.Result removed = cli().run("inventory", "changes", "--dir", inventory.toString(), "--type", "removed");
    assertThat(removed.out().lines().filter(l -> l.contains(" removed ")).toList()).as(removed.toString()).hasSize(1);
    Cli.Result unknown = cli().run("inventory", "list", "--dir", inventory.toString(), "--state", "unknown");
    assertThat(unknown.out()).as(unknown.toString()).contains("UNKNOWN", "not seen: pve3 is offline");
  }

  @Test
  @DisplayName("an unknown scenario exits 2 and lists the scenarios there are")
  void unknownScenarioIsAUsageError() {
    Cli.Result result = cli().run("run", "lifecylce");

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.out()).isEmpty();
    assertThat(result.err()).contains("Unknown scenario 'lifecylce'. The scenarios are: local-fleet (the reconcile loop", "lifecycle (walks records", "pipeline (the durable file store");
  }

  @Test
  @DisplayName("a scenario that fails exits 1 with its message and no stack trace")
  void failingScenarioExits1WithoutStackTrace() {
    Cli.Result result = cli().scenarios(Scenarios.of(scenario("broken", context -> {
      throw new StewardException("The widget on node/web-1@local broke");
    }))).run("run", "broken");

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.err()).isEqualTo("steward: The widget on node/web-1@local broke\n"
        + "(run again with --verbose to see the stack trace)\n");
  }

  @Test
  @DisplayName("--verbose adds the stack trace of a failure")
  void verbosePrintsTheStackTrace() {
    Cli.Result result = cli().scenarios(Scenarios.of(scenario("broken", context -> {
      throw new IllegalStateException("no widget");
    }))).run("--verbose", "run", "broken");

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.err()).startsWith("steward: java.lang.IllegalStateException: no widget\n"
        + "java.lang.IllegalStateException: no widget\n\tat ");
    assertThat(result.err()).contains("RunCommandTest");
  }

  @Test
  @DisplayName("a setting a scenario finds bad while running exits 2 naming it")
  void badSettingFoundWhileRunningIsAUsageError() {
    Setting<Integer> widgets = Setting.integer("acme.widgets", "how many widgets to make");
    Cli.Result result = cli().scenarios(Scenarios.of(scenario("widgets", context -> context.settings().get(widgets))))
        .run("run", "widgets", "--set", "acme.widgets=lots");

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).startsWith("steward: Invalid setting: acme.widgets: 'lots' is not a whole number\n");
  }

  @Test
  @DisplayName("--set values reach the scenario's settings")
  void setValuesReachTheScenario() {
    Cli.Result result = cli().scenarios(Scenarios.of(scenario("timeout",
            context -> context.out().println("timeout " + context.settings().get(CoreSettings.COMMAND_TIMEOUT)))))
        .run("-s", "steward.command.timeout=90s", "run", "timeout");

    assertThat(result.exitCode()).as(result.toString()).isZero();
    assertThat(result.out()).contains("timeout PT1M30S\n");
  }

  private static Scenario scenario(String name, Consumer<ScenarioContext> body) {
    return new Scenario() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public String description() {
        return "a test scenario";
      }

      @Override
      public void run(ScenarioContext context) {
        body.accept(context);
      }
    };
  }

  private static String section(String text, String from, String to) {
    int start = text.indexOf(from);
    int end = text.indexOf(to, start);
    assertThat(start).as("'%s' in the output", from).isNotNegative();
    assertThat(end).as("'%s' after '%s' in the output", to, from).isGreaterThan(start);
    return text.substring(start, end);
  }

  /** Each journal line as {time, version, transition, reason}. */
  private static List<String[]> journal(String text) {
    List<String[]> lines = new ArrayList<>();
    Matcher m = JOURNAL_LINE.matcher(text);
    while (m.find()) {
      lines.add(new String[] {m.group(1), m.group(2), m.group(3).strip(), m.group(4)});
    }
    return lines;
  }
}
