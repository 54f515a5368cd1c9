package dev.steward.store.postgres;

import dev.steward.Setting;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The settings of the {@code postgres} state store, with their defaults. The password is read from
 * a file or an environment variable and is never a setting's text, so it never stands on a command
 * line; no message of this module contains it. Constants only; thread-safe.
 */
public final class PostgresStoreSettings {
  /** Lowercase SQL identifiers that need no quoting: what a table prefix and a schema may be. */
  private static final Pattern IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]*");
  private static final String IDENTIFIER_RULE = "be a lowercase SQL identifier: letters, digits and _, at most 40, not starting with a digit";
  private static final Set<String> SSL_MODES = Set.of("disable", "allow", "prefer", "require", "verify-ca", "verify-full");

  public static final Setting<String> URL = Setting.text("steward.postgres.url",
          "the database, as a JDBC URL: jdbc:postgresql://HOST[:PORT]/DATABASE (other driver parameters may follow ?, but no "
              + "password: the store refuses a URL with one, without showing it)")
      .require(s -> s.startsWith("jdbc:postgresql:"), "start with jdbc:postgresql:, e.g. jdbc:postgresql://db.example.org:5432/steward");

  public static final Setting<String> USER = Setting.text("steward.postgres.user",
      "the role to log in as; its password is read from steward.postgres.password-file, else from the variable "
          + "steward.postgres.password-env names, else none is sent (trust or certificate logins)");

  public static final Setting<Path> PASSWORD_FILE = Setting.path("steward.postgres.password-file",
      "a file whose first line is the role's password (keep it 0600)");

  public static final Setting<String> PASSWORD_ENV = Setting.text("steward.postgres.password-env",
          "the environment variable that holds the role's password, when no password file is set")
      .withDefault("STEWARD_POSTGRES_PASSWORD")
      .require(s -> s.matches("[A-Za-z_][A-Za-z0-9_]*"), "be an environment variable name");

  public static final Setting<String> SCHEMA = Setting.text("steward.postgres.schema",
          "the schema the store's tables live in (created if missing); the role's search_path when not set")
      .require(PostgresStoreSettings::isIdentifier, IDENTIFIER_RULE);

  public static final Setting<String> TABLE_PREFIX = Setting.text("steward.postgres.table-prefix",
          "what every table name of the store starts with, so several Steward installations can share one database")
      .withDefault("steward_")
      .require(PostgresStoreSettings::isIdentifier, IDENTIFIER_RULE);

  public static final Setting<Duration> CONNECT_TIMEOUT = Setting.duration("steward.postgres.connect-timeout",
          "how long connecting and logging in may take")
      .withDefault(Duration.ofSeconds(10))
      .require(PostgresStoreSettings::wholeSeconds, "be a whole number of seconds from 1s");

  public static final Setting<Duration> STATEMENT_TIMEOUT = Setting.duration("steward.postgres.statement-timeout",
          "how long the server lets one statement run (waiting for a lock included) before it cancels it")
      .withDefault(Duration.ofSeconds(15))
      .require(d -> d.toMillis() >= 1, "be at least 1ms");

  public static final Setting<Duration> SOCKET_TIMEOUT = Setting.duration("steward.postgres.socket-timeout",
          "how long a read from the server may block before the connection is given up as dead; longer than the statement timeout")
      .withDefault(Duration.ofSeconds(60))
      .require(PostgresStoreSettings::wholeSeconds, "be a whole number of seconds from 1s");

  public static final Setting<String> SSL_MODE = Setting.text("steward.postgres.ssl-mode",
          "TLS to the server, as the driver's sslmode: disable, allow, prefer, require, verify-ca or verify-full (the driver's default: prefer)")
      .require(SSL_MODES::contains, "be one of disable, allow, prefer, require, verify-ca, verify-full");

  public static final Setting<Path> SSL_ROOT_CERT = Setting.path("steward.postgres.ssl-root-cert",
      "the CA certificate(s) that vouch for the server, for ssl-mode verify-ca and verify-full (the driver's sslrootcert)");

  public static final Setting<Path> SSL_CERT = Setting.path("steward.postgres.ssl-cert",
      "a client certificate to log in with (the driver's sslcert)");

  public static final Setting<Path> SSL_KEY = Setting.path("steward.postgres.ssl-key",
      "the client certificate's key, PKCS-8 DER or PKCS-12 (the driver's sslkey)");

  public static final Setting<Duration> RECONNECT_FOR = Setting.duration("steward.postgres.reconnect-for",
          "how long an operation keeps reconnecting after its session was lost (a server restart, a failover) before it fails")
      .withDefault(Duration.ofSeconds(15))
      .require(d -> !d.isNegative(), "not be negative");

  public static final Setting<Integer> MAX_CONNECTIONS = Setting.integer("steward.postgres.max-connections",
          "connections the store opens at most; more threads wait for one")
      .withDefault(4)
      .require(n -> n >= 1 && n <= 100, "be between 1 and 100");

  private PostgresStoreSettings() {}

  /** Every key, in a stable order. */
  public static List<Setting<?>> all() {
    return List.of(URL, USER, PASSWORD_FILE, PASSWORD_ENV, SCHEMA, TABLE_PREFIX, CONNECT_TIMEOUT, STATEMENT_TIMEOUT,
        SOCKET_TIMEOUT, SSL_MODE, SSL_ROOT_CERT, SSL_CERT, SSL_KEY, RECONNECT_FOR, MAX_CONNECTIONS);
  }

  private static boolean isIdentifier(String name) {
    return name.length() <= 40 && IDENTIFIER.matcher(name).matches();
  }

  /** The driver takes its connect and socket timeouts in whole seconds. */
  private static boolean wholeSeconds(Duration d) {
    return d.getSeconds() >= 1 && d.getNano() == 0;
  }
}
