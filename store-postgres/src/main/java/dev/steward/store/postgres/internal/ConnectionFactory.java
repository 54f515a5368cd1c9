package dev.steward.store.postgres.internal;

import dev.steward.InvalidSettingsException;
import dev.steward.SettingProblem;
import dev.steward.Settings;
import dev.steward.store.postgres.PostgresStoreSettings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * Opens the store's connections: with the driver from {@link PostgresStoreSettings} (URL, role,
 * password from a file or the environment, TLS files, timeouts), or from a {@link DataSource} the
 * embedder handed in. Either way each new session gets the statement timeout and READ COMMITTED,
 * and leaves autocommit off. The password stays in this object: {@link #scrub} takes it out of any
 * text before it reaches a message. Immutable and thread-safe.
 */
final class ConnectionFactory {
  /** A session that forgot to commit must not hold its row locks for long. */
  private static final Duration IDLE_IN_TRANSACTION = Duration.ofSeconds(60);

  private static final Pattern PASSWORD_PARAMETER = Pattern.compile("[?&]password=", Pattern.CASE_INSENSITIVE);

  private final String url;
  private final Properties properties;
  private final Optional<String> password;
  private final Optional<DataSource> dataSource;
  private final Duration statementTimeout;

  private ConnectionFactory(String url, Properties properties, Optional<String> password, Optional<DataSource> dataSource,
      Duration statementTimeout) {
    this.url = url;
    this.properties = properties;
    this.password = password;
    this.dataSource = dataSource;
    this.statementTimeout = statementTimeout;
  }

  /**
   * The factory {@code settings} describe, the password read from the file they name or from
   * {@code environment}; with a {@code dataSource}, only the timeouts are read.
   *
   * @throws InvalidSettingsException listing every problem, never showing the password
   */
  static ConnectionFactory of(Settings settings, Map<String, String> environment, Optional<DataSource> dataSource) {
    settings.validate(PostgresStoreSettings.all());
    List<SettingProblem> problems = new ArrayList<>();
    Duration statementTimeout = settings.get(PostgresStoreSettings.STATEMENT_TIMEOUT);
    Duration socketTimeout = settings.get(PostgresStoreSettings.SOCKET_TIMEOUT);
    if (socketTimeout.compareTo(statementTimeout) <= 0) {
      problems.add(new SettingProblem(PostgresStoreSettings.SOCKET_TIMEOUT.name(), socketTimeout.toSeconds() + "s is not longer than "
          + PostgresStoreSettings.STATEMENT_TIMEOUT.name() + " (" + statementTimeout.toMillis()
          + " ms): a slow statement would look like a dead connection"));
    }
    if (dataSource.isPresent()) {
      throwIfAny(problems);
      return new ConnectionFactory("", new Properties(), Optional.empty(), dataSource, statementTimeout);
    }
    Optional<String> url = settings.find(PostgresStoreSettings.URL);
    if (url.isEmpty()) {
      problems.add(new SettingProblem(PostgresStoreSettings.URL.name(),
          "not set: name the database, e.g. jdbc:postgresql://db.example.org:5432/steward"));
    } else if (PASSWORD_PARAMETER.matcher(url.get()).find()) {
      // Checked here, not as a rule of the setting: a rule's message would show the URL, password and all.
      problems.add(new SettingProblem(PostgresStoreSettings.URL.name(), "must hold no password parameter: put the password in "
          + PostgresStoreSettings.PASSWORD_FILE.name() + " or the variable " + PostgresStoreSettings.PASSWORD_ENV.name() + " names"));
    }
    Optional<String> password = password(settings, environment, problems);
    throwIfAny(problems);

    Properties properties = new Properties();
    settings.find(PostgresStoreSettings.USER).ifPresent(user -> properties.setProperty("user", user));
    password.ifPresent(p -> properties.setProperty("password", p));
    long connectSeconds = settings.get(PostgresStoreSettings.CONNECT_TIMEOUT).toSeconds();
    properties.setProperty("connectTimeout", Long.toString(connectSeconds));
    // The driver's loginTimeout defaults to waiting forever for a server that accepts but never answers.
    properties.setProperty("loginTimeout", Long.toString(connectSeconds));
    properties.setProperty("socketTimeout", Long.toString(socketTimeout.toSeconds()));
    properties.setProperty("tcpKeepAlive", "true");
    properties.setProperty("ApplicationName", "steward");
    settings.find(PostgresStoreSettings.SSL_MODE).ifPresent(mode -> properties.setProperty("sslmode", mode));
    settings.find(PostgresStoreSettings.SSL_ROOT_CERT).ifPresent(p -> properties.setProperty("sslrootcert", p.toString()));
    settings.find(PostgresStoreSettings.SSL_CERT).ifPresent(p -> properties.setProperty("sslcert", p.toString()));
    settings.find(PostgresStoreSettings.SSL_KEY).ifPresent(p -> properties.setProperty("sslkey", p.toString()));
    return new ConnectionFactory(url.get(), properties, password, Optional.empty(), statementTimeout);
  }

  private static void throwIfAny(List<SettingProblem> problems) {
    if (!problems.isEmpty()) {
      throw new InvalidSettingsException(problems);
    }
  }

  /** The password from the file named, else from the variable named when it is set, else none. */
  private static Optional<String> password(Settings settings, Map<String, String> environment, List<SettingProblem> problems) {
    Optional<Path> file = settings.find(PostgresStoreSettings.PASSWORD_FILE);
    if (file.isPresent()) {
      String text;
      try {
        text = Files.readString(file.get(), StandardCharsets.UTF_8);
      } catch (IOException e) {
        problems.add(new SettingProblem(PostgresStoreSettings.PASSWORD_FILE.name(), "the file " + file.get() + " cannot be read: "
            + e.getClass().getSimpleName()));
        return Optional.empty();
      }
      String firstLine = text.lines().findFirst().orElse("").strip();
      if (firstLine.isEmpty()) {
        problems.add(new SettingProblem(PostgresStoreSettings.PASSWORD_FILE.name(), "the file " + file.get()
            + " holds no password on its first line"));
        return Optional.empty();
      }
      return Optional.of(firstLine);
    }
    String variable = settings.get(PostgresStoreSettings.PASSWORD_ENV);
    String value = environment.get(variable);
    return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.strip());
  }

  /** What the store's messages call the database: the URL (which holds no password) or "the DataSource". */
  String describe() {
    return dataSource.isPresent() ? "the DataSource handed in" : url;
  }

  Duration statementTimeout() {
    return statementTimeout;
  }

  /** A new session, set up for the store: statement timeout, READ COMMITTED, autocommit off. */
  Connection open() throws SQLException {
    Connection connection = dataSource.isPresent() ? dataSource.get().getConnection() : DriverManager.getConnection(url, properties);
    try {
      connection.setAutoCommit(true);
      try (Statement s = connection.createStatement()) {
        s.execute("SET statement_timeout = " + Math.max(1, statementTimeout.toMillis())
            + "; SET idle_in_transaction_session_timeout = " + IDLE_IN_TRANSACTION.toMillis());
      }
      connection.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
      connection.setAutoCommit(false);
      return connection;
    } catch (SQLException | RuntimeException e) {
      connection.close();
      throw e;
    }
  }

  /** {@code text} with the password, wherever it appears, shown as {@code ****}. */
  String scrub(String text) {
    if (text == null || password.isEmpty()) {
      return text;
    }
    return text.replace(password.get(), "****");
  }

  /** Whether {@code text} holds the password, so a driver's exception must not travel as a cause. */
  boolean reveals(String text) {
    return text != null && password.isPresent() && text.contains(password.get());
  }

  /** {@code e} to pass on as a cause, or null when some message in its chain holds the password. */
  Throwable safeCause(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (reveals(t.getMessage())) {
        return null;
      }
    }
    return e;
  }

  @Override
  public String toString() {
    return "ConnectionFactory[" + describe() + "]";
  }
}
