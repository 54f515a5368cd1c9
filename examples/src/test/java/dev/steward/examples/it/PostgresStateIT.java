package dev.steward.examples.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.steward.ChangeQuery;
import dev.steward.NodeLifecycle;
import dev.steward.ResourceKey;
import dev.steward.Settings;
import dev.steward.Sighting;
import dev.steward.Spec;
import dev.steward.store.FileStateStore;
import dev.steward.store.FileStoreSettings;
import dev.steward.testsupport.lab.Lab;
import dev.steward.testsupport.lab.LabService;
import dev.steward.testsupport.lab.RequiresLab;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code steward state ... --store postgres} against the lab's PostgreSQL, each command a process
 * of its own: a file store's state moved into postgres and back, looked at and changed there, and
 * an older export refused. Each test has a schema of its own, dropped afterwards.
 */
@RequiresLab(LabService.POSTGRES)
@DisplayName("steward state --store postgres moves state between the file store and PostgreSQL")
class PostgresStateIT {
  private static final ResourceKey WEB_1 = ResourceKey.local("node", "web-1");
  private static final ResourceKey WEB_2 = ResourceKey.local("node", "web-2");
  private static final ResourceKey VM = ResourceKey.local("vm", "db");
  private static final List<ResourceKey> KEYS = List.of(WEB_1, WEB_2, VM);

  private final ObjectMapper json = new ObjectMapper();
  private final Properties lab = Lab.properties(LabService.POSTGRES);
  private final String schema = "it" + ProcessHandle.current().pid() + "_" + System.nanoTime() % 1_000_000;

  @TempDir
  Path temp;

  private StewardJar steward;

  @BeforeEach
  void setUp() {
    steward = new StewardJar(temp);
  }

  @AfterEach
  void dropSchema() throws Exception {
    Properties login = new Properties();
    login.setProperty("user", lab.getProperty("user"));
    login.setProperty("password", Files.readString(Path.of(lab.getProperty("password_file")), StandardCharsets.UTF_8).strip());
    try (Connection c = DriverManager.getConnection(lab.getProperty("url"), login); Statement s = c.createStatement()) {
      s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
    }
  }

  @Test
  @DisplayName("file -> export -> import into postgres -> list and show there -> export -> import into a new directory: equal records")
  void movesAStateFromFilesToPostgresAndBack() throws IOException {
    Path source = temp.resolve("source");
    Path first = populatedAndExported(source);

    StewardJar.Result imported = ok(postgres("state", "import", first.toString()));
    assertThat(imported.out()).startsWith("Imported 3 records (lineage " + lineage(source) + ", serial " + serial(source)
        + ") into the postgres store (tables steward_* in schema " + schema + ").");

    JsonNode list = json.readTree(ok(postgres("state", "list", "--all", "--json")).out());
    assertThat(list.get("store").asText()).isEqualTo("postgres");
    assertThat(list.get("total").asInt()).isEqualTo(3);
    assertThat(list.get("records")).extracting(r -> r.get("key").asText())
        .containsExactly("node/web-1@local", "node/web-2@local", "vm/db@local");
    StewardJar.Result show = ok(postgres("state", "show", WEB_2.toString()));
    assertThat(show.out()).contains("Timeout", "no answer in 30 s", "--store postgres");

    Path second = temp.resolve("second.json");
    StewardJar.Result exported = ok(postgres("state", "export", "-o", second.toString()));
    assertThat(exported.out()).contains("Exported 3 records (lineage " + lineage(source) + ", serial " + serial(source) + ")");
    Path target = temp.resolve("target");
    ok(steward.run("state", "import", second.toString(), "--dir", target.toString()));

    try (FileStateStore from = open(source); FileStateStore to = open(target)) {
      assertThat(to.lineage()).isEqualTo(from.lineage());
      assertThat(to.serial()).isEqualTo(from.serial());
      assertThat(to.list()).isEqualTo(from.list());
      for (ResourceKey key : KEYS) {
        assertThat(to.history(key)).as("history of %s", key).isEqualTo(from.history(key));
      }
      assertThat(to.changes(ChangeQuery.all())).hasSize(2).isEqualTo(from.changes(ChangeQuery.all()));
    }
  }

  @Test
  @DisplayName("retry changes the record in postgres; the export taken before is then older and refused, --dry-run and --force say so")
  void retriesThereAndRefusesAnOlderExport() throws IOException {
    Path source = temp.resolve("source");
    Path exported = populatedAndExported(source);
    ok(postgres("state", "import", exported.toString()));

    StewardJar.Result retried = ok(postgres("state", "retry", WEB_2.toString()));
    assertThat(retried.out()).startsWith("Retried node/web-2@local: FAILED -> PLANNED, attempts 2 -> 0,");
    JsonNode after = json.readTree(ok(postgres("state", "list", "--status", "PLANNED", "--json")).out());
    assertThat(after.get("records")).extracting(r -> r.get("key").asText()).containsExactly("node/web-2@local");
    long serial = json.readTree(ok(postgres("state", "import", exported.toString(), "--dry-run", "--force", "--json")).out())
        .get("serial").asLong();
    assertThat(serial).isGreaterThan(serial(source) + 1);

    StewardJar.Result refused = postgres("state", "import", exported.toString());
    assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(1);
    assertThat(refused.err()).contains("import refused: The document has serial " + serial(source) + ", older than serial "
        + (serial - 1) + " of the postgres store");
    StewardJar.Result dryRun = postgres("state", "import", exported.toString(), "--dry-run");
    assertThat(dryRun.exitCode()).as(dryRun.toString()).isEqualTo(1);
    assertThat(dryRun.err()).contains("import would be refused: The document has serial " + serial(source));
    assertThat(json.readTree(ok(postgres("state", "list", "--status", "PLANNED", "--json")).out()).get("records"))
        .as("nothing changed").hasSize(1);

    ok(postgres("state", "import", exported.toString(), "--force"));
    JsonNode forced = json.readTree(ok(postgres("state", "list", "--status", "FAILED", "--json")).out());
    assertThat(forced.get("records")).extracting(r -> r.get("key").asText()).containsExactly("node/web-2@local");
  }

  @Test
  @DisplayName("a wrong password fails with what to check, and never prints the password")
  void aWrongPasswordIsNeverPrinted() throws IOException {
    Path wrong = temp.resolve("wrong-password");
    Files.writeString(wrong, "not-the-password-4711\n");
    StewardJar.Result result = steward.run("state", "list", "--store", "postgres", "--set", "steward.postgres.url=" + lab.getProperty("url"),
        "--set", "steward.postgres.user=" + lab.getProperty("user"), "--set", "steward.postgres.password-file=" + wrong,
        "--set", "steward.postgres.schema=" + schema);

    assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
    assertThat(result.err()).contains("cannot log in", "steward.postgres.password-file").doesNotContain("not-the-password-4711");
    assertThat(result.out()).doesNotContain("not-the-password-4711");
  }

  private StewardJar.Result postgres(String... args) {
    List<String> command = new ArrayList<>(List.of(args));
    command.addAll(List.of("--store", "postgres", "--set", "steward.postgres.url=" + lab.getProperty("url"),
        "--set", "steward.postgres.user=" + lab.getProperty("user"),
        "--set", "steward.postgres.password-file=" + lab.getProperty("password_file"),
        "--set", "steward.postgres.schema=" + schema));
    return steward.run(command.toArray(String[]::new));
  }

  private static StewardJar.Result ok(StewardJar.Result result) {
    assertThat(result.exitCode()).as(result.toString()).isZero();
    return result;
  }

  private static FileStateStore open(Path dir) {
    return FileStateStore.open(Settings.builder().set(FileStoreSettings.DIRECTORY, dir).build());
  }

  private static String lineage(Path dir) {
    try (FileStateStore store = open(dir)) {
      return store.lineage();
    }
  }

  private static long serial(Path dir) {
    try (FileStateStore store = open(dir)) {
      return store.serial();
    }
  }

  /** Populates a file store in {@code source} and exports it with the runner; returns the document. */
  private Path populatedAndExported(Path source) {
    populate(source);
    Path exported = temp.resolve("exported.json");
    ok(steward.run("state", "export", "--dir", source.toString(), "-o", exported.toString()));
    return exported;
  }

  /** A running node with a spec, attributes and a checkpoint; a failed node; an observed VM with a change. */
  private static void populate(Path dir) {
    try (FileStateStore store = open(dir)) {
      store.create(WEB_1, "node", Optional.of(new Spec(WEB_1, Map.of("image", "nginx:1.27"))), "planned");
      store.transition(WEB_1, NodeLifecycle.CREATING, "create");
      store.updateAttributes(WEB_1, Map.of("ip", "10.0.0.1"));
      store.checkpoint(WEB_1, "provisioned");
      store.create(WEB_2, "node", Optional.empty(), "planned");
      store.transition(WEB_2, NodeLifecycle.CREATING, "create");
      store.transition(WEB_2, NodeLifecycle.FAILED, "no answer");
      store.recordFailure(WEB_2, "Timeout", "no answer in 30 s");
      store.recordFailure(WEB_2, "Timeout", "no answer in 30 s");
      store.observe(List.of(Sighting.present(VM, Map.of("memory", "2048"))));
      store.observe(List.of(Sighting.present(VM, Map.of("memory", "4096"))));
    }
  }
}
