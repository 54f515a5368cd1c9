package dev.steward.store.postgres;

import dev.steward.CoreSettings;
import dev.steward.Settings;
import dev.steward.StateStore;
import dev.steward.discovery.ExtensionPoint;
import dev.steward.discovery.ProviderRegistry;
import dev.steward.leader.LeaderElection;
import dev.steward.leader.LeaderSettings;
import dev.steward.testsupport.lab.Lab;
import dev.steward.testsupport.lab.LabService;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The lab's PostgreSQL ({@code lab/postgres.sh}) as the tests see it: settings that reach it as
 * the {@code steward} role with its password file, a table prefix of the test's own so tests never
 * see each other's rows (its tables are dropped after each test when registered as an extension:
 * {@code @RegisterExtension final LabPostgres lab = new LabPostgres();}), and a plain JDBC session
 * to arrange and check things behind the store's back. Thread-safe.
 */
public final class LabPostgres implements AfterEachCallback {
  private static final AtomicInteger NEXT = new AtomicInteger();
  private static final String RUN = Long.toString(ProcessHandle.current().pid(), 36);

  private final Properties lab = Lab.properties(LabService.POSTGRES);
  private final String prefix = uniquePrefix();

  /** This object's own table prefix. */
  public String prefix() {
    return prefix;
  }

  /** Drops the tables of this object's prefix. */
  @Override
  public void afterEach(ExtensionContext context) throws SQLException {
    dropTables(prefix);
  }

  public String url() {
    return lab.getProperty("url");
  }

  public String address() {
    return lab.getProperty("address");
  }

  public int port() {
    return Integer.parseInt(lab.getProperty("port"));
  }

  public String database() {
    return lab.getProperty("database");
  }

  public String user() {
    return lab.getProperty("user");
  }

  public Path passwordFile() {
    return Path.of(lab.getProperty("password_file"));
  }

  public String password() {
    try {
      return Files.readString(passwordFile(), StandardCharsets.UTF_8).strip();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Settings that reach the lab from another JVM, which has no lab properties of its own to read. */
  record LabSettings(String url, String user, Path passwordFile, String prefix) {
    Settings.Builder builder() {
      return Settings.builder()
          .set(PostgresStoreSettings.URL, url)
          .set(PostgresStoreSettings.USER, user)
          .set(PostgresStoreSettings.PASSWORD_FILE, passwordFile)
          .set(PostgresStoreSettings.TABLE_PREFIX, prefix);
    }
  }

  /** A table prefix no other test (in this JVM or another) uses: {@code t<pid>_<n>_}. */
  public static String uniquePrefix() {
    return "t" + RUN + "_" + NEXT.incrementAndGet() + "_";
  }

  /** Settings that select the postgres store on the lab's database with tables {@code prefix*}. */
  public Settings.Builder settings(String prefix) {
    return new LabSettings(url(), user(), passwordFile(), prefix).builder();
  }

  /** The postgres store that discovery builds from {@code settings}, as an embedder gets it. */
  public static StateStore open(Settings.Builder settings) {
    return ProviderRegistry.discover().create(ExtensionPoint.STATE_STORE, settings.set(CoreSettings.STATE_STORE, "postgres").build());
  }

  /** The postgres leader election that discovery builds from {@code settings}, for {@code candidate} in election {@code name}. */
  public static LeaderElection elect(Settings.Builder settings, String name, String candidate, Duration lease) {
    return ProviderRegistry.discover().create(ExtensionPoint.LEADER_ELECTION, settings.set(CoreSettings.LEADER_ELECTION, "postgres")
        .set(LeaderSettings.NAME, name).set(LeaderSettings.CANDIDATE, candidate).set(LeaderSettings.LEASE, lease).build());
  }

  /** A session of the test's own, as the store's role, autocommit on. */
  public Connection connect() throws SQLException {
    Properties p = new Properties();
    p.setProperty("user", user());
    p.setProperty("password", password());
    p.setProperty("ApplicationName", "steward-test");
    return DriverManager.getConnection(url(), p);
  }

  /** Runs one statement on a session of the test's own. */
  public void execute(String sql) throws SQLException {
    try (Connection c = connect(); Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  /** The tables whose names start with {@code prefix}, sorted. */
  public List<String> tables(String prefix) throws SQLException {
    List<String> names = new ArrayList<>();
    try (Connection c = connect();
        PreparedStatement s = c.prepareStatement("SELECT tablename FROM pg_tables WHERE starts_with(tablename, ?) ORDER BY 1")) {
      s.setString(1, prefix);
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          names.add(rs.getString(1));
        }
      }
    }
    return names;
  }

  /** Drops every table whose name starts with {@code prefix}, and the store's trigger functions of that prefix. */
  public void dropTables(String prefix) throws SQLException {
    for (String table : tables(prefix)) {
      execute("DROP TABLE IF EXISTS \"" + table + "\" CASCADE");
    }
    List<String> functions = new ArrayList<>();
    try (Connection c = connect();
        PreparedStatement s = c.prepareStatement("SELECT p.oid::regprocedure::text FROM pg_proc p "
            + "JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = current_schema() AND starts_with(p.proname, ?)")) {
      s.setString(1, prefix);
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          functions.add(rs.getString(1));
        }
      }
    }
    for (String function : functions) {
      execute("DROP FUNCTION IF EXISTS " + function);
    }
  }
}
