package dev.steward.store.postgres;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.steward.ChangeQuery;
import dev.steward.NodeLifecycle;
import dev.steward.ResourceKey;
import dev.steward.Settings;
import dev.steward.Sighting;
import dev.steward.Spec;
import dev.steward.StateStore;
import dev.steward.store.FileStateStore;
import dev.steward.store.FileStoreSettings;
import dev.steward.store.ImportRefusedException;
import dev.steward.testsupport.lab.LabService;
import dev.steward.testsupport.lab.RequiresLab;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole state between the file store and the postgres store: one document both ways, the
 * lineage and serial rules of the file store, an import that is all or nothing, and tables of
 * schema version 1 migrated to keep a lineage and serial.
 */
@RequiresLab(LabService.POSTGRES)
class PostgresStateTransferIT {
  private static final ResourceKey WEB_1 = ResourceKey.local("node", "web-1");
  private static final ResourceKey WEB_2 = ResourceKey.local("node", "web-2");
  private static final ResourceKey VM = ResourceKey.local("vm", "db");
  private static final List<ResourceKey> KEYS = List.of(WEB_1, WEB_2, VM);

  @RegisterExtension
  final LabPostgres lab = new LabPostgres();
  private final String prefix = lab.prefix();

  @TempDir
  Path temp;

  @Test
  @DisplayName("a file store's export imports into postgres and postgres's export into a new file store, every field equal")
  void movesFromFileToPostgresAndBack() throws IOException {
    try (FileStateStore file = file("a"); StateStore postgres = LabPostgres.open(lab.settings(prefix))) {
      populate(file);
      assertThat(postgres.serial()).isZero();

      postgres.importState(new ByteArrayInputStream(export(file)), false);

      assertSameState(postgres, file);
      assertThat(postgres.lineage()).isEqualTo(file.lineage());
      assertThat(postgres.serial()).isEqualTo(file.serial());

      postgres.transition(WEB_1, NodeLifecycle.STARTING, "moved on in postgres");
      assertThat(postgres.serial()).isGreaterThan(file.serial());
      try (FileStateStore back = file("b")) {
        back.importState(new ByteArrayInputStream(export(postgres)), false);

        assertSameState(back, postgres);
        assertThat(back.lineage()).isEqualTo(file.lineage());
        assertThat(back.serial()).isEqualTo(postgres.serial());
      }
      // The newer copy goes back into the first file store, the same lineage, without force.
      file.importState(new ByteArrayInputStream(export(postgres)), false);
      assertThat(file.get(WEB_1).state()).isEqualTo(NodeLifecycle.STARTING);
    }
  }

  @Test
  @DisplayName("the serial grows with every committed change, deletions included, and importing an export again changes nothing")
  void serialGrowsWithEveryChange() throws IOException {
    try (StateStore postgres = LabPostgres.open(lab.settings(prefix))) {
      String lineage = postgres.lineage();
      assertThat(lineage).isNotBlank();
      long before = postgres.serial();
      postgres.create(WEB_1, "node", Optional.empty(), "planned");
      long created = postgres.serial();
      postgres.transition(WEB_1, NodeLifecycle.CREATING, "create");
      long moved = postgres.serial();
      postgres.delete(WEB_1);
      long deleted = postgres.serial();
      assertThat(List.of(before, created, moved, deleted)).isSorted().doesNotHaveDuplicates();

      byte[] exported = export(postgres);
      postgres.importState(new ByteArrayInputStream(exported), false);
      assertThat(postgres.serial()).isEqualTo(deleted);
      assertThat(postgres.lineage()).isEqualTo(lineage);
    }
    try (StateStore reopened = LabPostgres.open(lab.settings(prefix))) {
      assertThat(reopened.lineage()).as("kept across sessions").isNotBlank();
    }
  }

  @Test
  @DisplayName("exports taken while four writers run each see a whole moment: every later export has a larger serial, and an earlier one is refused as older")
  void exportsWhileWritersRun() throws Exception {
    try (StateStore postgres = LabPostgres.open(lab.settings(prefix))) {
      ExecutorService writers = Executors.newFixedThreadPool(4);
      List<byte[]> exports = new ArrayList<>();
      try {
        List<Future<?>> running = new ArrayList<>();
        for (int w = 0; w < 4; w++) {
          ResourceKey key = ResourceKey.local("node", "writer-" + w);
          running.add(writers.submit(() -> {
            postgres.create(key, "node", Optional.empty(), "0");
            for (int i = 1; i <= 40; i++) {
              postgres.updateAttributes(key, Map.of("step", String.valueOf(i)));
            }
            return null;
          }));
        }
        while (running.stream().anyMatch(f -> !f.isDone())) {
          exports.add(export(postgres));
        }
        for (Future<?> f : running) {
          f.get(1, TimeUnit.MINUTES);
        }
      } finally {
        writers.shutdownNow();
      }
      exports.add(export(postgres));
      assertThat(exports).hasSizeGreaterThan(1);

      List<Long> serials = new ArrayList<>();
      for (byte[] document : exports) {
        serials.add(new ObjectMapper().readTree(document).get("serial").asLong());
      }
      assertThat(serials).isSorted();
      assertThat(serials.get(serials.size() - 1)).isEqualTo(postgres.serial());
      for (int i = 1; i < exports.size(); i++) {
        if (serials.get(i).equals(serials.get(i - 1))) {
          assertThat(new String(exports.get(i), UTF_8)).as("the same serial, the same records").isEqualTo(new String(exports.get(i - 1), UTF_8));
        }
      }
      // The first export was almost surely taken mid-way; should the writers have been done already, it is a copy.
      byte[] earlier = exports.get(0);
      if (serials.get(0) < postgres.serial()) {
        assertThatThrownBy(() -> postgres.importState(new ByteArrayInputStream(earlier), false))
            .isInstanceOf(ImportRefusedException.class).hasMessageContaining("older than serial " + postgres.serial());
      } else {
        postgres.importState(new ByteArrayInputStream(earlier), false);
        assertThat(export(postgres)).isEqualTo(earlier);
      }
      assertThat(postgres.list()).hasSize(4).allSatisfy(r -> assertThat(r.attributes()).containsEntry("step", "40"));
    }
  }

  @Test
  @DisplayName("an older export of the same lineage is refused, naming both serials; with force it is taken with a newer serial")
  void refusesAnOlderSerialUnlessForced() throws IOException {
    try (StateStore postgres = LabPostgres.open(lab.settings(prefix))) {
      postgres.create(WEB_1, "node", Optional.empty(), "planned");
      byte[] old = export(postgres);
      postgres.transition(WEB_1, NodeLifecycle.CREATING, "create");
      long serial = postgres.serial();

      assertThatThrownBy(() -> postgres.importState(new ByteArrayInputStream(old), false))
          .isInstanceOf(ImportRefusedException.class)
          .hasMessageContaining("older than serial " + serial + " of the postgres store (the tables " + prefix + "*)")
          .hasMessageContaining("Nothing was changed. Import it with force to go back anyway.");
      assertThat(postgres.get(WEB_1).state()).isEqualTo(NodeLifecycle.CREATING);
      assertThat(postgres.serial()).isEqualTo(serial);

      postgres.importState(new ByteArrayInputStream(old), true);
      assertThat(postgres.get(WEB_1).state()).isEqualTo(NodeLifecycle.PLANNED);
      assertThat(postgres.serial()).isEqualTo(serial + 1);
    }
  }

  @Test
  @DisplayName("another lineage is refused without force and replaces the state with it")
  void refusesAnotherLineageUnlessForced() throws IOException {
    try (FileStateStore file = file("a"); StateStore postgres = LabPostgres.open(lab.settings(prefix))) {
      populate(file);
      postgres.create(WEB_2, "node", Optional.empty(), "postgres's own");
      String lineage = postgres.lineage();

      assertThatThrownBy(() -> postgres.importState(new ByteArrayInputStream(export(file)), false))
          .isInstanceOf(ImportRefusedException.class)
          .hasMessageContaining("belongs to lineage " + file.lineage())
          .hasMessageContaining("holds lineage " + lineage);
      assertThat(postgres.get(WEB_2).reason()).isEqualTo("postgres's own");

      postgres.importState(new ByteArrayInputStream(export(file)), true);
      assertSameState(postgres, file);
      assertThat(postgres.lineage()).isEqualTo(file.lineage());
    }
  }

  @Test
  @DisplayName("an import that fails halfway leaves every record, the lineage and the serial as they were")
  void aFailedImportChangesNothing() throws Exception {
    try (FileStateStore file = file("a"); StateStore postgres = LabPostgres.open(lab.settings(prefix))) {
      populate(file);
      postgres.create(WEB_1, "node", Optional.empty(), "postgres's own");
      postgres.create(ResourceKey.local("node", "web-9"), "node", Optional.empty(), "postgres's own");
      String lineage = postgres.lineage();
      long serial = postgres.serial();
      // The server refuses one of the document's rows, after the old ones were deleted and others written.
      lab.execute("ALTER TABLE \"" + prefix + "record\" ADD CONSTRAINT refuse_vm CHECK (key <> '" + VM + "')");

      assertThatThrownBy(() -> postgres.importState(new ByteArrayInputStream(export(file)), true))
          .isInstanceOf(PostgresStoreException.class)
          .hasMessageContaining("failed to import a state")
          .hasMessageContaining("refuse_vm");

      assertThat(postgres.list()).extracting(r -> r.key().name()).containsExactly("web-1", "web-9");
      assertThat(postgres.get(WEB_1).reason()).isEqualTo("postgres's own");
      assertThat(postgres.lineage()).isEqualTo(lineage);
      assertThat(postgres.serial()).isEqualTo(serial);
    }
  }

  @Test
  @DisplayName("tables of schema version 1 are migrated to version 3: records kept (written_term null: unfenced), a leader table, a lineage made, the serial counting from there")
  void migratesFromVersionOne() throws Exception {
    lab.execute("CREATE TABLE \"" + prefix + "schema_version\" (version integer NOT NULL, written_by text NOT NULL, "
        + "applied_at timestamptz NOT NULL DEFAULT now())");
    lab.execute("INSERT INTO \"" + prefix + "schema_version\" (version, written_by) VALUES (1, '0.1.0')");
    lab.execute("CREATE TABLE \"" + prefix + "record\" (key text PRIMARY KEY, kind text NOT NULL, "
        + "version bigint NOT NULL CHECK (version >= 1), record jsonb NOT NULL, history jsonb NOT NULL, changes jsonb NOT NULL, "
        + "writes uuid[] NOT NULL, updated_at timestamptz NOT NULL DEFAULT now())");
    lab.execute("INSERT INTO \"" + prefix + "record\" (key, kind, version, record, history, changes, writes) VALUES ('"
        + WEB_1 + "', 'node', 3, '{\"lifecycle\":\"node\",\"state\":\"PLANNED\",\"reason\":\"from version 1\",\"attributes\":{},"
        + "\"created_at\":\"2026-01-01T00:00:00Z\",\"updated_at\":\"2026-01-01T00:00:00Z\",\"checkpoints\":{}}', "
        + "'[{\"to\":\"PLANNED\",\"reason\":\"from version 1\",\"at\":\"2026-01-01T00:00:00Z\"}]', '[]', ARRAY[]::uuid[])");

    try (StateStore postgres = LabPostgres.open(lab.settings(prefix))) {
      assertThat(versions()).containsExactly(3);
      assertThat(lab.tables(prefix)).containsExactly(prefix + "leader", prefix + "meta", prefix + "record", prefix + "schema_version");
      try (java.sql.Connection c = lab.connect(); java.sql.Statement s = c.createStatement();
          java.sql.ResultSet rs = s.executeQuery("SELECT written_term IS NULL FROM \"" + prefix + "record\"")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getBoolean(1)).as("an unfenced record's written_term is null").isTrue();
      }
      assertThat(postgres.get(WEB_1).reason()).isEqualTo("from version 1");
      assertThat(postgres.get(WEB_1).version()).isEqualTo(3);
      assertThat(postgres.lineage()).isNotBlank();
      assertThat(postgres.serial()).isZero();

      postgres.transition(WEB_1, NodeLifecycle.CREATING, "create");
      assertThat(postgres.serial()).isPositive();
      try (FileStateStore file = file("a")) {
        file.importState(new ByteArrayInputStream(export(postgres)), false);
        assertSameState(file, postgres);
      }
    }
  }

  private FileStateStore file(String name) {
    return FileStateStore.open(Settings.builder().set(FileStoreSettings.DIRECTORY, temp.resolve(name)).build());
  }

  private static byte[] export(StateStore store) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    store.exportState(out);
    return out.toByteArray();
  }

  /** Records (every field: state, spec, attributes, failures, checkpoints, version, times), histories and changes. */
  private static void assertSameState(StateStore actual, StateStore expected) {
    assertThat(actual.list()).isEqualTo(expected.list());
    for (ResourceKey key : KEYS) {
      if (expected.find(key).isPresent()) {
        assertThat(actual.history(key)).as("history of %s", key).isEqualTo(expected.history(key));
      }
    }
    assertThat(actual.changes(ChangeQuery.all())).isEqualTo(expected.changes(ChangeQuery.all()));
  }

  /** Two nodes, one with a spec, a checkpoint and attributes, one failing; an observed VM with a change. */
  private static void populate(StateStore store) {
    store.create(WEB_1, "node", Optional.of(new Spec(WEB_1, Map.of("image", "nginx:1.27"))), "planned");
    store.transition(WEB_1, NodeLifecycle.CREATING, "create");
    store.updateAttributes(WEB_1, Map.of("ip", "10.0.0.1"));
    store.checkpoint(WEB_1, "provisioned");
    store.create(WEB_2, "node", Optional.empty(), "planned");
    store.recordFailure(WEB_2, "Timeout", "no answer in 30 s");
    store.recordFailure(WEB_2, "Timeout", "no answer in 30 s");
    store.observe(List.of(Sighting.present(VM, Map.of("memory", "2048"))));
    store.observe(List.of(Sighting.present(VM, Map.of("memory", "4096"))));
    assertThat(store.changes(ChangeQuery.all())).hasSize(2);
    assertThat(store.get(WEB_2).failures().attempts()).isEqualTo(2);
  }

  private List<Integer> versions() throws Exception {
    try (Connection c = lab.connect(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT version FROM \"" + prefix + "schema_version\"")) {
      rs.next();
      return List.of(rs.getInt(1));
    }
  }
}
