package dev.steward.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.steward.ResourceKey;
import dev.steward.StateStore;
import dev.steward.migration.UnsupportedSchemaVersionException;
import dev.steward.testsupport.lab.LabService;
import dev.steward.testsupport.lab.RequiresLab;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The store's tables: made on first open, once even when several instances start together, refused when newer, kept apart by prefix and schema. */
@RequiresLab(LabService.POSTGRES)
class PostgresSchemaIT {
  private static final ResourceKey WEB_1 = ResourceKey.local("node", "web-1");

  @RegisterExtension
  final LabPostgres lab = new LabPostgres();
  private final String prefix = lab.prefix();
  private final String schema = "s" + prefix.substring(0, prefix.length() - 1);

  @AfterEach
  void dropSchema() throws Exception {
    lab.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
  }

  @Test
  @DisplayName("creates its tables at schema version 2 on first open, and opens them again as they are")
  void createsItsTablesOnce() throws Exception {
    try (StateStore store = LabPostgres.open(lab.settings(prefix))) {
      store.create(WEB_1, "node", Optional.empty(), "");
    }
    assertThat(lab.tables(prefix)).containsExactly(prefix + "leader", prefix + "meta", prefix + "record", prefix + "schema_version");
    assertThat(versionRows(prefix + "schema_version")).containsExactly(3);

    try (StateStore store = LabPostgres.open(lab.settings(prefix))) {
      assertThat(store.find(WEB_1)).isPresent();
    }
    assertThat(versionRows(prefix + "schema_version")).containsExactly(3);
  }

  @Test
  @DisplayName("four instances opening new tables at once migrate them once, one after the other")
  void migratesOnceWhenInstancesStartTogether() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<StateStore>> opening = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        opening.add(pool.submit(() -> LabPostgres.open(lab.settings(prefix))));
      }
      for (Future<StateStore> f : opening) {
        f.get(2, TimeUnit.MINUTES).close();
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(versionRows(prefix + "schema_version")).containsExactly(3);
  }

  @Test
  @DisplayName("refuses tables of a newer schema version, naming it and the Steward that wrote it, and touches nothing")
  void refusesANewerSchema() throws Exception {
    lab.execute("CREATE TABLE " + prefix + "schema_version (version integer NOT NULL, written_by text NOT NULL, "
        + "applied_at timestamptz NOT NULL DEFAULT now())");
    lab.execute("INSERT INTO " + prefix + "schema_version (version, written_by) VALUES (7, '9.0.0')");

    assertThatThrownBy(() -> LabPostgres.open(lab.settings(prefix)))
        .isInstanceOf(UnsupportedSchemaVersionException.class)
        .hasMessageContaining("schema version 7")
        .hasMessageContaining("reads schema versions 1 to 3")
        .hasMessageContaining("written by Steward 9.0.0")
        .hasMessageContaining(prefix + "*")
        .hasMessageEndingWith("Nothing was changed.");

    assertThat(lab.tables(prefix)).containsExactly(prefix + "schema_version");
    assertThat(versionRows(prefix + "schema_version")).containsExactly(7);
  }

  @Test
  @DisplayName("keeps two installations in one database apart by table prefix, and by schema")
  void keepsInstallationsApart() throws Exception {
    try (StateStore one = LabPostgres.open(lab.settings(prefix + "one_"));
        StateStore two = LabPostgres.open(lab.settings(prefix + "two_"));
        StateStore three = LabPostgres.open(lab.settings(prefix + "one_").set(PostgresStoreSettings.SCHEMA, schema))) {
      one.create(WEB_1, "node", Optional.empty(), "installation one");
      two.create(WEB_1, "node", Optional.empty(), "installation two");

      assertThat(one.get(WEB_1).reason()).isEqualTo("installation one");
      assertThat(two.get(WEB_1).reason()).isEqualTo("installation two");
      assertThat(three.find(WEB_1)).isEmpty();
      three.create(WEB_1, "node", Optional.empty(), "installation three");
      assertThat(one.get(WEB_1).reason()).isEqualTo("installation one");
    }
    try (Connection c = lab.connect(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_tables WHERE schemaname = '" + schema + "'")) {
      rs.next();
      assertThat(rs.getInt(1)).as("record, schema_version, leader, meta").isEqualTo(4);
    }
  }

  private List<Integer> versionRows(String table) throws Exception {
    List<Integer> versions = new ArrayList<>();
    try (Connection c = lab.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT version FROM " + table)) {
      while (rs.next()) {
        versions.add(rs.getInt(1));
      }
    }
    return versions;
  }
}
