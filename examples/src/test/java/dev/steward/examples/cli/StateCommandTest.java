package dev.steward.examples.cli;

import static dev.steward.examples.cli.Cli.cli;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.steward.ResourceKey;
import dev.steward.ResourceRecord;
import dev.steward.Settings;
import dev.steward.Spec;
import dev.steward.examples.scenario.ExampleLifecycles;
import dev.steward.NodeLifecycle;
import dev.steward.store.FileStateStore;
import dev.steward.store.FileStoreSettings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("steward state")
class StateCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");
  private static final ResourceKey WEB_1 = ResourceKey.local("node", "web-1");
  private static final ResourceKey WEB_2 = ResourceKey.local("node", "web-2");
  private static final ResourceKey OLD = ResourceKey.local("node", "old");
  private static final ResourceKey ISO = ResourceKey.local("item", "ubuntu.iso");

  @TempDir
  Path temp;

  private Path dir;
  private String d;

  /** Four records written at T0: two running nodes (one whose workdir is gone), a removed node, a failed item. */
  @BeforeEach
  void setUp() throws IOException {
    dir = temp.resolve("state");
    d = dir.toString();
    Path workdir = Files.createDirectory(temp.resolve("web-1-work"));
    try (FileStateStore store = FileStateStore.open(storeSettings(dir, T0))) {
      store.create(WEB_1, "node", Optional.of(Spec.of(WEB_1).with("version", "1.5.0")), "asked for");
      walk(store, WEB_1, NodeLifecycle.CREATING, NodeLifecycle.STARTING, NodeLifecycle.RUNNING);
      store.updateAttributes(WEB_1, Map.of("workdir", workdir.toString(), "pid", "4242"));
      store.create(WEB_2, "node", Optional.empty(), "asked for");
      walk(store, WEB_2, NodeLifecycle.CREATING, NodeLifecycle.STARTING, NodeLifecycle.RUNNING);
      store.updateAttributes(WEB_2, Map.of("workdir", temp.resolve("gone").toString()));
      store.create(OLD, "node", Optional.empty(), "asked for");
      walk(store, OLD, NodeLifecycle.CREATING, NodeLifecycle.STARTING, NodeLifecycle.RUNNING, NodeLifecycle.STOPPING,
          NodeLifecycle.STOPPED, NodeLifecycle.REMOVING, NodeLifecycle.REMOVED);
      store.create(ISO, "pipeline", Optional.empty(), "found");
      store.transition(ISO, ExampleLifecycles.STAGED, "staged");
      store.checkpoint(ISO, ExampleLifecycles.STAGED);
      store.recordFailure(ISO, "UploadTimeout", "no answer");
      store.recordFailure(ISO, "UploadTimeout", "no answer again");
      store.transition(ISO, ExampleLifecycles.FAILED, "gave up");
    }
  }

  @Nested
  @DisplayName("list")
  class ListCommand {
    @Test
    @DisplayName("with no option prints the count per lifecycle state and the most recently updated records")
    void printsAnOverview() throws IOException {
      Cli.Result result = cli().run("state", "list", "--dir", d);

      assertThat(result.exitCode()).as(result.toString()).isZero();
      List<String> lines = result.out().lines().toList();
      assertThat(lines.subList(0, 5)).satisfiesExactly(
          line -> assertThat(line).matches("LIFECYCLE +STATE +RECORDS"),
          line -> assertThat(line).matches("node +REMOVED +1"),
          line -> assertThat(line).matches("node +RUNNING +2"),
          line -> assertThat(line).matches("pipeline +FAILED +1"),
          line -> assertThat(line).isEmpty());
      assertThat(lines.get(5)).isEqualTo("Every record, the most recently updated first:");
      assertThat(result.out()).endsWith("4 records in " + dir + ".\n");

      // 25 more records, each updated later than the one before: the overview shows the newest 20.
      try (FileStateStore store = FileStateStore.open(storeSettings(dir, T0.plusSeconds(60)))) {
        for (int i = 0; i < 25; i++) {
          store.create(ResourceKey.local("node", "n" + i), "node", Optional.empty(), "asked for");
        }
      }
      try (FileStateStore store = FileStateStore.open(storeSettings(dir, T0.plusSeconds(120)))) {
        store.transition(ResourceKey.local("node", "n3"), NodeLifecycle.CREATING, "now");
      }
      Cli.Result many = cli().run("state", "list", "--dir", d);
      List<String> rows = many.out().lines().dropWhile(l -> !l.startsWith("The 20 most recently updated of 29 records")).skip(2)
          .takeWhile(l -> !l.isEmpty()).toList();
      assertThat(rows).hasSize(20);
      assertThat(rows.get(0)).startsWith("node/n3@local ").contains(" CREATING ");
      assertThat(rows).noneMatch(l -> l.startsWith("node/web-1@local "));
      assertThat(many.out()).containsPattern("(?m)^node +PLANNED +24$").containsPattern("(?m)^node +CREATING +1$");
    }

    @Test
    @DisplayName("--all prints a table of every record ordered by key")
    void printsATable() {
      Cli.Result result = cli().run("state", "list", "--all", "--dir", d);

      assertThat(result.exitCode()).as(result.toString()).isZero();
      List<String> lines = result.out().lines().toList();
      assertThat(lines.get(0)).matches("KEY +LIFECYCLE +STATE +VERSION +UPDATED +ATTEMPTS +REASON");
      assertThat(lines.subList(1, 5)).satisfiesExactly(
          line -> assertThat(line).matches("item/ubuntu.iso@local +pipeline +FAILED +6 +2030-01-01T00:00:00Z +2 +gave up"),
          line -> assertThat(line).startsWith("node/old@local ").contains(" REMOVED "),
          line -> assertThat(line).startsWith("node/web-1@local ").contains(" RUNNING "),
          line -> assertThat(line).startsWith("node/web-2@local "));
      assertThat(result.out()).endsWith("4 records in " + dir + ".\n");
    }

    @Test
    @DisplayName("--json prints every field of every record")
    void json() throws Exception {
      Cli.Result result = cli().run("state", "list", "--dir", d, "--json");

      assertThat(result.exitCode()).as(result.toString()).isZero();
      JsonNode document = JSON.readTree(result.out());
      assertThat(document.get("total").asInt()).isEqualTo(4);
      assertThat(document.get("records")).extracting(r -> r.get("key").asText())
          .containsExactly("item/ubuntu.iso@local", "node/old@local", "node/web-1@local", "node/web-2@local");
      JsonNode web1 = document.get("records").get(2);
      assertThat(web1.get("spec").get("version").asText()).isEqualTo("1.5.0");
      assertThat(web1.get("attributes").get("pid").asText()).isEqualTo("4242");
      assertThat(web1.get("updated_at").asText()).isEqualTo("2030-01-01T00:00:00Z");
      assertThat(document.get("records").get(1).get("spec").isNull()).isTrue();
    }

    @Test
    @DisplayName("--processed lists the records that are done, --where looks records up by attribute")
    void processedAndWhere() throws Exception {
      assertThat(keys(cli().run("state", "list", "--dir", d, "--json", "--processed"))).containsExactly("node/old@local");
      assertThat(keys(cli().run("state", "list", "--dir", d, "--json", "--where", "pid=4242"))).containsExactly("node/web-1@local");
      assertThat(keys(cli().run("state", "list", "--dir", d, "--json", "--where", "pid=4242", "--where", "workdir=/nowhere"))).isEmpty();
      Cli.Result text = cli().run("state", "list", "--dir", d, "--where", "workdir=" + temp.resolve("gone"));
      assertThat(text.out()).contains("node/web-2@local ").endsWith("1 of 4 records in " + dir + " shown.\n");
      Cli.Result bad = cli().run("state", "list", "--dir", d, "--where", "pid");
      assertThat(bad.exitCode()).isEqualTo(2);
      assertThat(bad.err()).contains("--where takes NAME=VALUE");
    }

    @Test
    @DisplayName("--status, --failed and --limit filter the records")
    void filters() throws Exception {
      assertThat(keys(cli().run("state", "list", "--dir", d, "--json", "--status", "running")))
          .containsExactly("node/web-1@local", "node/web-2@local");
      assertThat(keys(cli().run("state", "list", "--dir", d, "--json", "--failed"))).containsExactly("item/ubuntu.iso@local");
      assertThat(keys(cli().run("state", "list", "--dir", d, "--json", "--limit", "2")))
          .containsExactly("item/ubuntu.iso@local", "node/old@local");
      Cli.Result text = cli().run("state", "list", "--dir", d, "--status", "STOPPED");
      assertThat(text.out()).isEqualTo("No record matches; " + dir + " holds 4 records.\n");
      assertThat(cli().run("state", "list", "--dir", d, "--limit", "0").exitCode()).isEqualTo(2);
    }

    private List<String> keys(Cli.Result result) throws Exception {
      assertThat(result.exitCode()).as(result.toString()).isZero();
      return JSON.readTree(result.out()).get("records").findValuesAsText("key");
    }
  }

  @Test
  @DisplayName("a directory that does not exist exits 1 for every command and is not created")
  void missingDirectory() {
    Path missing = temp.resolve("missing");
    for (List<String> args : List.of(List.of("list"), List.of("show", "node/web-1@local"), List.of("history", "node/web-1@local"),
        List.of("retry", "node/web-1@local"), List.of("clear", "node/web-1@local"), List.of("prune", "--terminal"),
        List.of("export"), List.of("verify"))) {
      String[] command = Stream.concat(Stream.of("state"), Stream.concat(args.stream(), Stream.of("--dir", missing.toString())))
          .toArray(String[]::new);
      Cli.Result result = cli().run(command);

      assertThat(result.exitCode()).as(String.join(" ", command) + "\n" + result).isEqualTo(1);
      assertThat(result.err()).isEqualTo("steward: no state directory at " + missing + "\n");
      assertThat(missing).doesNotExist();
    }
  }

  @Test
  @DisplayName("an empty folder is not a state directory, and is left empty")
  void emptyFolderIsNotAStateDirectory() throws IOException {
    Path empty = Files.createDirectory(temp.resolve("empty"));

    Cli.Result result = cli().run("state", "list", "--dir", empty.toString());

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.err()).startsWith("steward: no state directory at " + empty + ": the folder holds no state.json");
    try (Stream<Path> files = Files.list(empty)) {
      assertThat(files).isEmpty();
    }
  }

  @Test
  @DisplayName("--dir is required")
  void dirIsRequired() {
    Cli.Result result = cli().run("state", "list");

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).contains("Missing required option: '--dir=DIR'");
  }

  @Test
  @DisplayName("--store takes file or postgres; postgres needs no --dir and refuses one; verify is the file store's only")
  void storeOption() {
    Cli.Result unknown = cli().run("state", "list", "--store", "mysql", "--dir", d);
    assertThat(unknown.exitCode()).isEqualTo(2);
    assertThat(unknown.err()).contains("--store takes file or postgres, not 'mysql'");

    Cli.Result withDir = cli().run("state", "list", "--store", "postgres", "--dir", d);
    assertThat(withDir.exitCode()).isEqualTo(2);
    assertThat(withDir.err()).contains("--dir is for the file store; with --store postgres the connection comes from the"
        + " steward.postgres.* settings");

    Cli.Result verify = cli().run("state", "verify", "--store", "postgres");
    assertThat(verify.exitCode()).isEqualTo(2);
    assertThat(verify.err()).contains("steward state verify works on the file store only: it reads the state directory's files.");

    Cli.Result file = cli().run("state", "list", "--store", "file", "--dir", d, "--all");
    assertThat(file.exitCode()).isZero();
    assertThat(file.out()).contains("4 records in " + dir.toAbsolutePath().normalize() + ".");
  }

  @Test
  @DisplayName("--store postgres without a URL is a usage error that names the setting to give, and opens nothing")
  void postgresNeedsItsUrl() {
    Cli.Result result = cli().run("state", "list", "--store", "postgres");

    assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
    assertThat(result.err()).contains("steward.postgres.url");
  }

  @ParameterizedTest(name = "state {0} with a bad key exits 2")
  @ValueSource(strings = {"show", "history", "retry", "clear"})
  @DisplayName("a bad key is a usage error")
  void badKeyIsAUsageError(String command) {
    Cli.Result result = cli().run("state", command, "web-1", "--dir", d);

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).contains("'web-1' is not a resource key: write kind/name@host, e.g. node/web-1@local");
  }

  @Test
  @DisplayName("show prints every field; --json includes the history")
  void show() throws Exception {
    Cli.Result result = cli().run("state", "show", "item/ubuntu.iso@local", "--dir", d);

    assertThat(result.exitCode()).as(result.toString()).isZero();
    assertThat(result.out()).contains(
        "key          item/ubuntu.iso@local\n",
        "lifecycle    pipeline\n",
        "state        FAILED\n",
        "reason       gave up\n",
        "version      6\n",
        "created      2030-01-01T00:00:00Z\n",
        "spec         (none)\n",
        "failures     2 failed attempts in a row\n",
        "             last error UploadTimeout: no answer again\n",
        "checkpoints  STAGED = 2030-01-01T00:00:00Z\n",
        "history      3 transitions kept");
    assertThat(cli().run("state", "show", "node/web-1@local", "--dir", d).out())
        .contains("spec         version = 1.5.0\n", "attributes   pid = 4242\n             workdir = ");

    JsonNode json = JSON.readTree(cli().run("state", "show", "item/ubuntu.iso@local", "--dir", d, "--json").out());
    assertThat(json.get("failures").get("attempts").asInt()).isEqualTo(2);
    assertThat(json.get("failures").get("last_error_message").asText()).isEqualTo("no answer again");
    assertThat(json.get("checkpoints").get("STAGED").asText()).isEqualTo("2030-01-01T00:00:00Z");
    assertThat(json.get("history").findValuesAsText("to")).containsExactly("DISCOVERED", "STAGED", "FAILED");
  }

  @ParameterizedTest(name = "state {0} of a missing key exits 1")
  @ValueSource(strings = {"show", "history"})
  @DisplayName("show and history of a key that is not there exit 1")
  void showAndHistoryOfAMissingKeyExit1(String command) {
    Cli.Result result = cli().run("state", command, "node/nope@local", "--dir", d);

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.err()).isEqualTo("steward: not found: node/nope@local\n");
  }

  @Test
  @DisplayName("history prints the transitions oldest first; --json has a null from for the creation")
  void history() throws Exception {
    Cli.Result result = cli().run("state", "history", "item/ubuntu.iso@local", "--dir", d);

    assertThat(result.exitCode()).as(result.toString()).isZero();
    assertThat(result.out().lines()).containsExactly(
        "AT                    FROM        TO          REASON",
        "2030-01-01T00:00:00Z  (created)   DISCOVERED  found",
        "2030-01-01T00:00:00Z  DISCOVERED  STAGED      staged",
        "2030-01-01T00:00:00Z  STAGED      FAILED      gave up");
    JsonNode json = JSON.readTree(cli().run("state", "history", "item/ubuntu.iso@local", "--dir", d, "--json").out());
    assertThat(json.get("history").get(0).get("from").isNull()).isTrue();
    assertThat(json.get("history").get(2).get("from").asText()).isEqualTo("STAGED");
  }

  @Nested
  @DisplayName("retry")
  class Retry {
    @Test
    @DisplayName("moves a FAILED record to its lifecycle's retry state, resets the failures and says so")
    void retriesTheRecord() {
      Cli.Result result = cli().run("state", "retry", "item/ubuntu.iso@local", "--dir", d);

      assertThat(result.exitCode()).as(result.toString()).isZero();
      assertThat(result.out()).isEqualTo("Retried item/ubuntu.iso@local: FAILED -> DISCOVERED, attempts 2 -> 0, version 6 -> 8.\n");
      assertThat(read(ISO).failures().attempts()).isZero();
      assertThat(read(ISO).state()).isEqualTo("DISCOVERED");
      assertThat(read(ISO).reason()).isEqualTo("retried by an operator (steward state retry)");
    }

    @Test
    @DisplayName("a failed node goes back to PLANNED; a record with nothing to retry is left as it is")
    void nodesAndNothingToRetry() throws IOException {
      try (FileStateStore store = FileStateStore.open(storeSettings(dir, T0))) {
        store.recordFailure(WEB_2, "ExitedEarly", "exit 1");
        store.transition(WEB_2, NodeLifecycle.FAILED, "exited");
      }
      Cli.Result node = cli().run("state", "retry", "node/web-2@local", "--dir", d);
      assertThat(node.out()).isEqualTo("Retried node/web-2@local: FAILED -> PLANNED, attempts 1 -> 0, version 7 -> 9.\n");
      assertThat(read(WEB_2).state()).isEqualTo(NodeLifecycle.PLANNED);

      Map<String, String> before = files(dir);
      Cli.Result running = cli().run("state", "retry", "node/web-1@local", "--dir", d);
      assertThat(running.out()).isEqualTo("node/web-1@local is in RUNNING, which lifecycle 'node' does not retry from, "
          + "and has no failures to reset (version 5); nothing changed.\n");
      assertThat(files(dir)).isEqualTo(before);
    }

    @Test
    @DisplayName("--json tells the attempts and the retry targets")
    void json() throws Exception {
      JsonNode json = JSON.readTree(cli().run("state", "retry", "item/ubuntu.iso@local", "--dir", d, "--json").out());

      assertThat(json.get("found").asBoolean()).isTrue();
      assertThat(json.get("changed").asBoolean()).isTrue();
      assertThat(json.get("attempts_before").asInt()).isEqualTo(2);
      assertThat(json.get("attempts_after").asInt()).isZero();
      assertThat(json.get("retry_targets").get(0).asText()).isEqualTo("DISCOVERED");
      assertThat(json.get("state_before").asText()).isEqualTo("FAILED");
      assertThat(json.get("state_after").asText()).isEqualTo("DISCOVERED");
    }

    @Test
    @DisplayName("a key that is not there prints 'not found' and exits 0")
    void notFoundExits0() {
      Cli.Result result = cli().run("state", "retry", "node/nope@local", "--dir", d);

      assertThat(result.exitCode()).isZero();
      assertThat(result.out()).isEqualTo("not found: node/nope@local\n");
    }

    @Test
    @DisplayName("--dry-run says what would change and leaves every file as it was")
    void dryRun() throws IOException {
      Map<String, String> before = files(dir);

      Cli.Result result = cli().run("state", "retry", "item/ubuntu.iso@local", "--dir", d, "--dry-run");

      assertThat(result.exitCode()).as(result.toString()).isZero();
      assertThat(result.out()).isEqualTo("Would retry item/ubuntu.iso@local: FAILED -> DISCOVERED, attempts 2 -> 0 "
          + "(last error UploadTimeout: no answer again).\nNothing was changed (--dry-run).\n");
      assertThat(files(dir)).isEqualTo(before);
    }
  }

  @Nested
  @DisplayName("clear")
  class Clear {
    @Test
    @DisplayName("deletes the record")
    void deletes() {
      Cli.Result result = cli().run("state", "clear", "node/web-2@local", "--dir", d);

      assertThat(result.exitCode()).as(result.toString()).isZero();
      assertThat(result.out()).isEqualTo("Deleted node/web-2@local (was RUNNING, version 5).\n");
      assertThat(find(WEB_2)).isEmpty();
    }

    @Test
    @DisplayName("a key that is not there prints 'not found' and exits 0; --json says found false")
    void notFoundExits0() throws Exception {
      Cli.Result result = cli().run("state", "clear", "node/nope@local", "--dir", d);

      assertThat(result.exitCode()).isZero();
      assertThat(result.out()).isEqualTo("not found: node/nope@local\n");
      JsonNode json = JSON.readTree(cli().run("state", "clear", "node/nope@local", "--dir", d, "--json").out());
      assertThat(json.get("found").asBoolean()).isFalse();
      assertThat(json.get("deleted").asBoolean()).isFalse();
    }

    @Test
    @DisplayName("--dry-run leaves every file as it was")
    void dryRun() throws IOException {
      Map<String, String> before = files(dir);

      Cli.Result result = cli().run("state", "clear", "node/web-2@local", "--dir", d, "--dry-run");

      assertThat(result.out()).isEqualTo("Would delete node/web-2@local (RUNNING, version 5).\nNothing was changed (--dry-run).\n");
      assertThat(files(dir)).isEqualTo(before);
      assertThat(find(WEB_2)).isPresent();
    }
  }

  @Nested
  @DisplayName("prune")
  class Prune {
    @Test
    @DisplayName("--terminal deletes the records in a terminal state")
    void terminal() {
      Cli.Result result = cli().run("state", "prune", "--terminal", "--dir", d);

      assertThat(result.exitCode()).as(result.toString()).isZero();
      assertThat(result.out()).startsWith("Deleted 1 record of 4:\n")
          .contains("node/old@local  REMOVED  8        terminal: REMOVED ends lifecycle 'node'");
      assertThat(remaining()).containsExactly(ISO, WEB_1, WEB_2);
    }

    @Test
    @DisplayName("--stale-only --require-path deletes the records whose recorded path is gone, and only those")
    void staleOnly() throws Exception {
      Cli.Result result = cli().run("state", "prune", "--stale-only", "--require-path", "workdir", "--dir", d, "--json");

      assertThat(result.exitCode()).as(result.toString()).isZero();
      JsonNode pruned = JSON.readTree(result.out()).get("pruned");
      assertThat(pruned.findValuesAsText("key")).containsExactly("node/web-2@local");
      assertThat(pruned.get(0).get("why").get(0).asText()).isEqualTo("stale: workdir=" + temp.resolve("gone") + " is gone");
      // web-1's workdir exists; the item and the removed node record no workdir at all.
      assertThat(remaining()).containsExactly(ISO, OLD, WEB_1);
    }

    @Test
    @DisplayName("--failed-older-than deletes the records whose last failure is older, by the clock")
    void failedOlderThan() {
      Settings eightDaysLater = Settings.builder().clock(Clock.fixed(T0.plus(Duration.ofDays(8)), ZoneOffset.UTC)).build();

      Cli.Result kept = cli().settings(eightDaysLater).run("state", "prune", "--failed-older-than", "9d", "--dir", d);
      assertThat(kept.out()).isEqualTo("Nothing to prune: none of the 4 records in " + dir + " matches.\n");

      Cli.Result result = cli().settings(eightDaysLater).run("state", "prune", "--failed-older-than", "7d", "--dir", d);
      assertThat(result.exitCode()).as(result.toString()).isZero();
      assertThat(result.out()).contains("item/ubuntu.iso@local  FAILED  6        failed: last failure at 2030-01-01T00:00:00Z, "
          + "8 days ago (2 attempts, UploadTimeout)");
      assertThat(remaining()).containsExactly(OLD, WEB_1, WEB_2);
    }

    @Test
    @DisplayName("several criteria delete the records that match any; --dry-run deletes nothing")
    void dryRunWithSeveralCriteria() throws IOException {
      Map<String, String> before = files(dir);
      Settings eightDaysLater = Settings.builder().clock(Clock.fixed(T0.plus(Duration.ofDays(8)), ZoneOffset.UTC)).build();

      Cli.Result result = cli().settings(eightDaysLater).run("state", "prune", "--terminal", "--failed-older-than", "7d",
          "--stale-only", "--require-path", "workdir", "--dry-run", "--dir", d);

      assertThat(result.exitCode()).as(result.toString()).isZero();
      assertThat(result.out()).startsWith("Would delete 3 records of 4:\n").endsWith("Nothing was changed (--dry-run).\n");
      assertThat(files(dir)).isEqualTo(before);
    }

    @Test
    @DisplayName("without a criterion, prunes the records whose state needs a path (as their lifecycle declares) that is gone")
    void prunesStaleRecordsByTheirLifecycle() throws IOException {
      Path staged = Files.createDirectory(temp.resolve("staged-here"));
      ResourceKey kept = ResourceKey.local("item", "kept.iso");
      ResourceKey gone = ResourceKey.local("item", "gone.iso");
      ResourceKey unrecorded = ResourceKey.local("item", "unrecorded.iso");
      try (FileStateStore store = FileStateStore.open(storeSettings(dir, T0))) {
        for (ResourceKey key : List.of(kept, gone, unrecorded)) {
          store.create(key, "pipeline", Optional.empty(), "found");
          store.checkpoint(key, ExampleLifecycles.STAGED, ExampleLifecycles.STAGED, "staged");
        }
        store.updateAttributes(kept, Map.of("staging_dir", staged.toString()));
        store.updateAttributes(gone, Map.of("staging_dir", temp.resolve("vanished").toString()));
      }

      Cli.Result dry = cli().run("state", "prune", "--dir", d, "--dry-run");
      assertThat(dry.out()).as(dry.toString()).startsWith("Would delete 1 record of 7:\n")
          .contains("item/gone.iso@local", "stale: staging_dir=" + temp.resolve("vanished") + " is gone (needed in STAGED)");
      Cli.Result result = cli().run("state", "prune", "--dir", d);

      assertThat(result.exitCode()).as(result.toString()).isZero();
      assertThat(find(gone)).isEmpty();
      assertThat(find(kept)).isPresent();
      assertThat(find(unrecorded)).isPresent();
      assertThat(remaining()).hasSize(6);
    }

    @ParameterizedTest(name = "prune {0} exits 2")
    @ValueSource(strings = {"--stale-only", "--require-path=workdir", "--failed-older-than=soon"})
    @DisplayName("with an incomplete or bad criterion, prune is a usage error")
    void usageErrors(String option) {
      Cli.Result result = cli().run("state", "prune", option, "--dir", d);

      assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
      assertThat(remaining()).hasSize(4);
    }
  }

  @Test
  @DisplayName("export prints the store's document, or writes it 0600 with --output")
  void export() throws Exception {
    Cli.Result result = cli().run("state", "export", "--dir", d);

    assertThat(result.exitCode()).as(result.toString()).isZero();
    JsonNode document = JSON.readTree(result.out());
    String lineage;
    try (FileStateStore store = FileStateStore.open(storeSettings(dir, T0))) {
      lineage = store.lineage();
      assertThat(document).isEqualTo(store.export());
    }

    Path file = temp.resolve("backup.json");
    Cli.Result written = cli().run("state", "export", "--dir", d, "--output", file.toString());

    assertThat(written.out()).isEqualTo("Exported 4 records (lineage " + lineage + ", serial "
        + document.get("serial").asLong() + ") to " + file + ".\n");
    assertThat(JSON.readTree(file.toFile())).isEqualTo(document);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
  }

  @Nested
  @DisplayName("import")
  class Import {
    private Path exported;

    @BeforeEach
    void export() {
      exported = temp.resolve("export.json");
      assertThat(cli().run("state", "export", "--dir", d, "-o", exported.toString()).exitCode()).isZero();
    }

    @Test
    @DisplayName("creates a directory that does not exist and fills it")
    void intoANewDirectory() throws Exception {
      Path fresh = temp.resolve("fresh");

      Cli.Result result = cli().run("state", "import", exported.toString(), "--dir", fresh.toString());

      assertThat(result.exitCode()).as(result.toString()).isZero();
      assertThat(result.out()).startsWith("Imported 4 records (lineage ").endsWith(" into " + fresh + ", which was created.\n");
      JsonNode list = JSON.readTree(cli().run("state", "list", "--json", "--dir", fresh.toString()).out());
      assertThat(list.get("records").findValuesAsText("key")).hasSize(4);
    }

    @Test
    @DisplayName("another state is refused with exit 1 and the store's message; --force imports it")
    void refusedThenForced() throws Exception {
      Path other = otherStore();

      Cli.Result refused = cli().run("state", "import", exported.toString(), "--dir", other.toString());

      assertThat(refused.exitCode()).isEqualTo(1);
      assertThat(refused.err()).startsWith("steward: import refused: The document belongs to lineage ")
          .contains("but " + other + " holds lineage ", "Nothing was changed.");
      assertThat(JSON.readTree(cli().run("state", "list", "--json", "--dir", other.toString()).out()).get("total").asInt()).isEqualTo(1);

      Cli.Result forced = cli().run("state", "import", exported.toString(), "--dir", other.toString(), "--force");

      assertThat(forced.exitCode()).as(forced.toString()).isZero();
      assertThat(JSON.readTree(cli().run("state", "list", "--json", "--dir", other.toString()).out()).get("total").asInt()).isEqualTo(4);
    }

    @Test
    @DisplayName("--dry-run tells a refusal or what would be imported, and leaves the files as they were")
    void dryRun() throws Exception {
      Path other = otherStore();
      Map<String, String> before = files(other);

      Cli.Result refused = cli().run("state", "import", exported.toString(), "--dir", other.toString(), "--dry-run");
      Cli.Result forced = cli().run("state", "import", exported.toString(), "--dir", other.toString(), "--dry-run", "--force");

      assertThat(refused.exitCode()).isEqualTo(1);
      assertThat(refused.err()).startsWith("steward: import would be refused: The document belongs to lineage ")
          .contains("but " + other + " holds lineage ");
      assertThat(forced.exitCode()).as(forced.toString()).isZero();
      assertThat(forced.out()).startsWith("Would import 4 records (lineage ").endsWith("Nothing was changed (--dry-run).\n");
      assertThat(files(other)).isEqualTo(before);

      Path fresh = temp.resolve("fresh");
      assertThat(cli().run("state", "import", exported.toString(), "--dir", fresh.toString(), "--dry-run").out())
          .contains(" into " + fresh + ", creating it.\n");
      assertThat(fresh).doesNotExist();
    }

    @Test
    @DisplayName("a file that is not JSON exits 1 naming it")
    void notJson() throws IOException {
      Path garbage = Files.writeString(temp.resolve("garbage.json"), "not json");

      Cli.Result result = cli().run("state", "import", garbage.toString(), "--dir", d);

      assertThat(result.exitCode()).isEqualTo(1);
      assertThat(result.err()).startsWith("steward: cannot import " + garbage + ": it is not JSON");
    }

    private Path otherStore() {
      Path other = temp.resolve("other");
      try (FileStateStore store = FileStateStore.open(storeSettings(other, T0))) {
        store.create(ResourceKey.local("node", "elsewhere"), "node", Optional.empty(), "another state");
      }
      return other;
    }
  }

  @Nested
  @DisplayName("verify")
  class Verify {
    @Test
    @DisplayName("exits 0 with a summary when all is well")
    void fine() throws Exception {
      Cli.Result result = cli().run("state", "verify", "--dir", d);

      assertThat(result.exitCode()).as(result.toString()).isZero();
      assertThat(result.out()).startsWith(dir + " is fine: the snapshot holds 0 records and the journal ");
      JsonNode json = JSON.readTree(cli().run("state", "verify", "--dir", d, "--json").out());
      assertThat(json.get("ok").asBoolean()).isTrue();
      assertThat(json.get("problems")).isEmpty();
    }

    @Test
    @DisplayName("a damaged line in the middle of the journal exits 1 naming the file, and changes nothing")
    void damagedJournalLine() throws Exception {
      Path journal = dir.resolve("journal.log");
      byte[] bytes = Files.readAllBytes(journal);
      int middle = bytes.length / 2;
      while (bytes[middle] == '\n') {
        middle++;
      }
      bytes[middle] ^= 0x20;
      Files.write(journal, bytes);
      Map<String, String> before = files(dir);

      Cli.Result result = cli().run("state", "verify", "--dir", d);

      assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
      assertThat(result.out()).startsWith("1 problem in " + dir + ":\n  - " + journal + ": line ")
          .contains("fails its checksum, but later lines are intact", "Nothing was changed.");
      assertThat(files(dir)).isEqualTo(before);
      JsonNode json = JSON.readTree(cli().run("state", "verify", "--dir", d, "--json").out());
      assertThat(json.get("ok").asBoolean()).isFalse();
      assertThat(json.get("problems").get(0).asText()).startsWith(journal.toString());
      // The store itself refuses such a journal; verify is the command its message points to.
      Cli.Result list = cli().run("state", "list", "--dir", d);
      assertThat(list.exitCode()).isEqualTo(1);
      assertThat(list.err()).contains("The journal " + journal + " is damaged", "steward state verify --dir " + dir);
    }
  }

  @Test
  @DisplayName("--set reaches the store's settings: a bad lock timeout is a usage error")
  void setReachesTheStore() {
    Cli.Result result = cli().run("state", "list", "--dir", d, "--set", "steward.store.lock-timeout=-5s");

    assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
    assertThat(result.err()).contains("steward.store.lock-timeout");
  }

  @Test
  @DisplayName("state without a subcommand exits 2 and lists them")
  void stateWithoutSubcommand() {
    Cli.Result result = cli().run("state");

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).contains("list", "show", "history", "retry", "clear", "prune", "export", "import", "verify");
  }

  private static Settings storeSettings(Path dir, Instant now) {
    return Settings.builder()
        .clock(Clock.fixed(now, ZoneOffset.UTC))
        .lifecycles(ExampleLifecycles.all())
        .set(FileStoreSettings.DIRECTORY, dir)
        .build();
  }

  private static void walk(FileStateStore store, ResourceKey key, String... states) {
    for (String state : states) {
      store.transition(key, state, "to " + state);
    }
  }

  private ResourceRecord read(ResourceKey key) {
    return find(key).orElseThrow();
  }

  private Optional<ResourceRecord> find(ResourceKey key) {
    try (FileStateStore store = FileStateStore.open(storeSettings(dir, T0))) {
      return store.find(key);
    }
  }

  private List<ResourceKey> remaining() {
    try (FileStateStore store = FileStateStore.open(storeSettings(dir, T0))) {
      return store.list().stream().map(ResourceRecord::key).toList();
    }
  }

  /**
   * Every file of a state directory and its bytes. The lock file is left out: every process that
   * takes the lock writes its pid there, which is not a change to the state.
   */
  private static Map<String, String> files(Path dir) throws IOException {
    Map<String, String> files = new TreeMap<>();
    try (Stream<Path> list = Files.list(dir)) {
      for (Path file : list.toList()) {
        if (!file.getFileName().toString().equals("lock")) {
          files.put(file.getFileName().toString(), new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1));
        }
      }
    }
    return files;
  }
}
