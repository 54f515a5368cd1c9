package dev.steward.store.postgres.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.steward.InvalidSettingsException;
import dev.steward.Settings;
import dev.steward.store.postgres.PostgresStoreSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How the store's settings become a way to connect: every problem at once, the password from a file or the environment, never shown. */
class ConnectionFactoryTest {
  private static final String URL = "jdbc:postgresql://db.example.org:5432/steward";
  private static final String SECRET = "s3cret-Pa55word";

  @TempDir
  Path dir;

  @Test
  @DisplayName("reports bad values by name, then a missing URL and a socket timeout not above the statement timeout together")
  void reportsEveryProblemAtOnce() {
    Settings settings = Settings.builder()
        .set("steward.postgres.table-prefix", "Steward-")
        .set("steward.postgres.statement-timeout", "90s")
        .build();

    assertThatThrownBy(() -> ConnectionFactory.of(settings, Map.of(), Optional.empty()))
        .isInstanceOf(InvalidSettingsException.class)
        .hasMessageContaining("steward.postgres.table-prefix: 'Steward-' must be a lowercase SQL identifier");
    Settings valid = Settings.builder().set("steward.postgres.statement-timeout", "90s").build();
    assertThatThrownBy(() -> ConnectionFactory.of(valid, Map.of(), Optional.empty()))
        .isInstanceOf(InvalidSettingsException.class)
        .satisfies(e -> assertThat(((InvalidSettingsException) e).problems()).extracting(p -> p.name()).containsExactly(
            "steward.postgres.socket-timeout", "steward.postgres.url"));
  }

  @Test
  @DisplayName("reads the password from the file's first line before the environment, and only scrubs what it read")
  void readsThePasswordFromAFileFirst() throws Exception {
    Path file = dir.resolve("password");
    Files.writeString(file, "  " + SECRET + "  \nsecond line\n");
    Settings settings = Settings.builder().set(PostgresStoreSettings.URL, URL).set(PostgresStoreSettings.PASSWORD_FILE, file).build();

    ConnectionFactory factory = ConnectionFactory.of(settings, Map.of("STEWARD_POSTGRES_PASSWORD", "from-env"), Optional.empty());

    assertThat(factory.scrub("login failed with " + SECRET)).isEqualTo("login failed with ****");
    assertThat(factory.reveals("from-env")).isFalse();
    assertThat(factory.toString()).isEqualTo("ConnectionFactory[" + URL + "]");
  }

  @Test
  @DisplayName("reads the password from the variable password-env names when no file is set, and sends none when that is unset")
  void readsThePasswordFromTheEnvironment() {
    Settings settings = Settings.builder().set(PostgresStoreSettings.URL, URL).set(PostgresStoreSettings.PASSWORD_ENV, "DB_PASSWORD").build();

    assertThat(ConnectionFactory.of(settings, Map.of("DB_PASSWORD", SECRET), Optional.empty()).reveals("x" + SECRET)).isTrue();
    assertThat(ConnectionFactory.of(settings, Map.of("STEWARD_POSTGRES_PASSWORD", SECRET), Optional.empty()).reveals(SECRET)).isFalse();
  }

  @Test
  @DisplayName("refuses an unreadable or empty password file, naming the file and not its content")
  void refusesABadPasswordFile() throws Exception {
    Path empty = dir.resolve("empty");
    Files.writeString(empty, "\n");
    Path missing = dir.resolve("missing");

    assertThatThrownBy(() -> ConnectionFactory.of(Settings.builder().set(PostgresStoreSettings.URL, URL)
        .set(PostgresStoreSettings.PASSWORD_FILE, empty).build(), Map.of(), Optional.empty()))
        .hasMessageContaining("steward.postgres.password-file: the file " + empty + " holds no password on its first line");
    assertThatThrownBy(() -> ConnectionFactory.of(Settings.builder().set(PostgresStoreSettings.URL, URL)
        .set(PostgresStoreSettings.PASSWORD_FILE, missing).build(), Map.of(), Optional.empty()))
        .hasMessageContaining("steward.postgres.password-file: the file " + missing + " cannot be read: NoSuchFileException");
  }

  @Test
  @DisplayName("refuses a URL that carries a password, without showing it")
  void refusesAPasswordInTheUrl() {
    Settings settings = Settings.builder().set(PostgresStoreSettings.URL, URL + "?sslmode=require&Password=" + SECRET).build();

    assertThatThrownBy(() -> ConnectionFactory.of(settings, Map.of(), Optional.empty()))
        .isInstanceOf(InvalidSettingsException.class)
        .hasMessageContaining("steward.postgres.url: must hold no password parameter")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain(SECRET));
  }

  @Test
  @DisplayName("checks the TLS mode against the driver's list")
  void checksTheSslMode() {
    Settings settings = Settings.builder().set(PostgresStoreSettings.URL, URL).set("steward.postgres.ssl-mode", "verify").build();

    assertThatThrownBy(() -> ConnectionFactory.of(settings, Map.of(), Optional.empty()))
        .hasMessageContaining("steward.postgres.ssl-mode: 'verify' must be one of disable, allow, prefer, require, verify-ca, verify-full");
  }
}
