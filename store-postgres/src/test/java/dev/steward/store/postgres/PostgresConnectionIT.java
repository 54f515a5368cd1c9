package dev.steward.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.steward.CoreSettings;
import dev.steward.InvalidSettingsException;
import dev.steward.ResourceKey;
import dev.steward.Settings;
import dev.steward.StateStore;
import dev.steward.discovery.ExtensionPoint;
import dev.steward.discovery.ProviderRegistry;
import dev.steward.spi.ProviderContext;
import dev.steward.testsupport.lab.LabService;
import dev.steward.testsupport.lab.RequiresLab;
import java.nio.file.Files;
import java.nio.file.Path;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The store's sessions against the lab's real server: timeouts that surface as clear errors, a
 * password that never shows, sessions killed under the store and replaced, a DataSource handed in.
 */
@RequiresLab(LabService.POSTGRES)
class PostgresConnectionIT {
  private static final ResourceKey WEB_1 = ResourceKey.local("node", "web-1");

  @RegisterExtension
  final LabPostgres lab = new LabPostgres();
  private final String prefix = lab.prefix();

  @TempDir
  Path temp;

  @Test
  @DisplayName("a statement held up past the statement timeout by another session's lock fails with a clear error; nothing is written")
  void statementTimeoutSurfaces() throws Exception {
    try (StateStore store = LabPostgres.open(lab.settings(prefix).set(PostgresStoreSettings.STATEMENT_TIMEOUT, Duration.ofMillis(300)))) {
      store.create(WEB_1, "node", Optional.empty(), "");
      try (Connection blocker = lab.connect()) {
        blocker.setAutoCommit(false);
        try (Statement s = blocker.createStatement()) {
          s.execute("SELECT * FROM " + prefix + "record FOR UPDATE");
        }

        assertThatThrownBy(() -> store.updateAttributes(WEB_1, Map.of("pid", "1")))
            .isInstanceOf(StatementTimeoutException.class)
            .hasMessageStartingWith("The server cancelled the postgres store's statement to update the attributes of node/web-1@local after 300 ms")
            .hasMessageContaining("steward.postgres.statement-timeout")
            .hasMessageContaining("nothing was written")
            .satisfies(e -> assertThat(((StatementTimeoutException) e).timeout()).isEqualTo(Duration.ofMillis(300)))
            .satisfies(e -> assertThat(((PostgresStoreException) e).sqlState()).contains("57014"));
        blocker.rollback();
      }
      assertThat(store.get(WEB_1).attributes()).isEmpty();
      assertThat(store.updateAttributes(WEB_1, Map.of("pid", "2")).version()).as("the store works on after the timeout").isEqualTo(2);
    }
  }

  @Test
  @DisplayName("a wrong password is refused with a message that names the role's settings and never the password")
  void wrongPasswordNeverShows() throws Exception {
    String wrong = "Wr0ng-" + Long.toHexString(System.nanoTime()) + "-secret";
    Path file = temp.resolve("wrong-password");
    Files.writeString(file, wrong + "\n");

    assertThatThrownBy(() -> LabPostgres.open(lab.settings(prefix).set(PostgresStoreSettings.PASSWORD_FILE, file)))
        .isInstanceOf(PostgresStoreException.class)
        .hasMessageStartingWith("The postgres store cannot log in to " + lab.url())
        .hasMessageContaining("password authentication failed")
        .hasMessageContaining("steward.postgres.password-file")
        .satisfies(e -> assertThat(((PostgresStoreException) e).sqlState()).contains("28P01"))
        .satisfies(e -> assertNowhere(e, wrong));
  }

  @Test
  @DisplayName("the right password never shows either: not for a missing database, an unreachable server, or in the settings")
  void rightPasswordNeverShows() throws Exception {
    String password = lab.password();
    assertThat(password).isNotBlank();
    String missingDatabase = lab.url().substring(0, lab.url().lastIndexOf('/') + 1) + "no_such_database";
    String unreachable = "jdbc:postgresql://127.0.0.1:9/steward";

    assertThatThrownBy(() -> LabPostgres.open(lab.settings(prefix).set(PostgresStoreSettings.URL, missingDatabase)))
        .isInstanceOf(PostgresStoreException.class)
        .hasMessageContaining("no_such_database")
        .satisfies(e -> assertNowhere(e, password));
    assertThatThrownBy(() -> LabPostgres.open(lab.settings(prefix).set(PostgresStoreSettings.URL, unreachable)
        .set(PostgresStoreSettings.CONNECT_TIMEOUT, Duration.ofSeconds(1)).set(PostgresStoreSettings.RECONNECT_FOR, Duration.ZERO)))
        .isInstanceOf(PostgresStoreException.class)
        .hasMessageStartingWith("The postgres store cannot reach " + unreachable)
        .satisfies(e -> assertNowhere(e, password));
    assertThatThrownBy(() -> LabPostgres.open(lab.settings(prefix).set(PostgresStoreSettings.URL, lab.url() + "?password=" + password)))
        .isInstanceOf(InvalidSettingsException.class)
        .hasMessageContaining("must hold no password parameter")
        .satisfies(e -> assertNowhere(e, password));
    try (StateStore store = LabPostgres.open(lab.settings(prefix))) {
      assertThat(store.toString()).doesNotContain(password);
    }
    assertThat(lab.settings(prefix).build().toString()).doesNotContain(password);
  }

  @Test
  @DisplayName("passes the TLS mode through to the driver: require against the lab's server without TLS is refused, clearly")
  void passesTheSslModeThrough() {
    String password = lab.password();

    assertThatThrownBy(() -> LabPostgres.open(lab.settings(prefix).set(PostgresStoreSettings.SSL_MODE, "require")))
        .isInstanceOf(PostgresStoreException.class)
        .hasMessageContaining("The server does not support SSL")
        .satisfies(e -> assertNowhere(e, password));
  }

  @Test
  @DisplayName("sessions killed under the store (pg_terminate_backend) are replaced: the next operations work")
  void reconnectsAfterItsSessionsAreKilled() throws Exception {
    try (StateStore store = LabPostgres.open(lab.settings(prefix).set(PostgresStoreSettings.MAX_CONNECTIONS, 2))) {
      store.create(WEB_1, "node", Optional.empty(), "");
      assertThat(terminateStoreSessions()).isPositive();

      assertThat(store.updateAttributes(WEB_1, Map.of("pid", "1")).version()).isEqualTo(2);
      assertThat(terminateStoreSessions()).isPositive();
      assertThat(store.get(WEB_1).attributes()).containsEntry("pid", "1");
      assertThat(store.list()).hasSize(1);
    }
  }

  @Test
  @DisplayName("takes its sessions from a DataSource handed in, with no URL in the settings")
  void usesADataSourceHandedIn() throws Exception {
    DataSource source = new LabDataSource(lab);
    Settings settings = Settings.builder().set(CoreSettings.STATE_STORE, "postgres").set(PostgresStoreSettings.TABLE_PREFIX, prefix).build();

    try (StateStore store = ProviderRegistry.discover().create(ExtensionPoint.STATE_STORE,
        ProviderContext.of(settings, () -> {
          throw new AssertionError("no transport");
        }).with(DataSource.class, source))) {
      store.create(WEB_1, "node", Optional.empty(), "from a DataSource");
    }
    try (StateStore store = LabPostgres.open(lab.settings(prefix))) {
      assertThat(store.get(WEB_1).reason()).isEqualTo("from a DataSource");
    }
  }

  /** The lab's database as a DataSource, as an embedder's pool would hand it in. */
  private static final class LabDataSource implements DataSource {
    private final LabPostgres lab;

    LabDataSource(LabPostgres lab) {
      this.lab = lab;
    }

    @Override
    public Connection getConnection() throws SQLException {
      return lab.connect();
    }

    @Override
    public Connection getConnection(String user, String password) throws SQLException {
      throw new SQLFeatureNotSupportedException("the store asks for its connections without credentials");
    }

    @Override
    public PrintWriter getLogWriter() {
      return null;
    }

    @Override
    public void setLogWriter(PrintWriter out) {}

    @Override
    public void setLoginTimeout(int seconds) {}

    @Override
    public int getLoginTimeout() {
      return 0;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
      throw new SQLFeatureNotSupportedException();
    }

    @Override
    public <T> T unwrap(Class<T> type) throws SQLException {
      throw new SQLException("not a wrapper");
    }

    @Override
    public boolean isWrapperFor(Class<?> type) {
      return false;
    }
  }

  /** Kills the sessions the store opened (application_name steward), returns how many. */
  private int terminateStoreSessions() throws Exception {
    try (Connection c = lab.connect(); PreparedStatement s = c.prepareStatement(
        "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = 'steward' AND usename = ? AND pid <> pg_backend_pid()")) {
      s.setString(1, lab.user());
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        return rs.getInt(1);
      }
    }
  }

  /** Neither the exception's message nor any cause's holds {@code secret}, nor its stack as printed. */
  private static void assertNowhere(Throwable e, String secret) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      assertThat(String.valueOf(t.getMessage())).doesNotContain(secret);
      assertThat(t.toString()).doesNotContain(secret);
    }
  }
}
