package dev.steward.proxmox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.steward.InvalidSettingsException;
import dev.steward.Settings;
import dev.steward.proxmox.internal.ClientSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** No secret ever shows: not in toString, not in an error, however the secret was given or the build failed. */
class SecretsTest {
  private static final String TOKEN_SECRET = "5ec7e7-token-secret-d0-not-print";
  private static final String PASSWORD = "pa55word-d0-not-print";

  @TempDir
  Path dir;

  @Test
  @DisplayName("every credential and config object hides its secret in toString")
  void toStringShowsNoSecret() {
    ApiToken token = new ApiToken("steward@pve!probe", Secret.of(TOKEN_SECRET));
    UserPassword user = new UserPassword("root@pam", Secret.of(PASSWORD));
    ProxmoxClient tokenClient = ProxmoxClient.builder("https://pve1:8006").credentials(token).build();
    ProxmoxClient userClient = ProxmoxClient.builder("https://pve1:8006").credentials(user).build();

    List<Object> objects = List.of(Secret.of(TOKEN_SECRET), token, user, tokenClient, userClient, tokenClient.config(),
        userClient.config());

    assertThat(objects).allSatisfy(o -> assertThat(o.toString()).doesNotContain(TOKEN_SECRET).doesNotContain(PASSWORD));
    assertThat(token.toString()).contains("steward@pve!probe", "****");
    assertThat(userClient.config().toString()).contains("root@pam");
    assertThat(token.secret().reveal()).isEqualTo(TOKEN_SECRET);
  }

  @Test
  @DisplayName("errors about secrets name the file or variable, never the text in it")
  void secretErrorsShowNoSecret() throws Exception {
    Path spaced = Files.writeString(dir.resolve("spaced"), TOKEN_SECRET + " and more\n");
    Path bell = Files.writeString(dir.resolve("bell"), TOKEN_SECRET + "\u0007" + PASSWORD + "\n");
    Path empty = Files.writeString(dir.resolve("empty"), "\n");

    List<Throwable> errors = new ArrayList<>();
    errors.add(catchThrowable(() -> Secret.of(TOKEN_SECRET + "\t" + PASSWORD)));
    errors.add(catchThrowable(() -> Secret.fromFile(bell)));
    errors.add(catchThrowable(() -> Secret.fromFile(empty)));
    errors.add(catchThrowable(() -> Secret.fromFile(dir.resolve("missing"))));
    errors.add(catchThrowable(() -> Secret.fromEnvironment("PVE_SECRET", Map.of("PVE_SECRET", PASSWORD + "\n" + TOKEN_SECRET))));
    errors.add(catchThrowable(() -> new ApiToken("no-realm!probe", Secret.of(TOKEN_SECRET))));
    errors.add(catchThrowable(() -> new ApiToken("steward@pve!probe", Secret.fromFile(spaced))));
    errors.add(catchThrowable(() -> ProxmoxClient.builder("http://pve1").credentials(new ApiToken("a@pve!b", Secret.of(TOKEN_SECRET)))
        .maxConcurrency(0).build()));
    errors.add(catchThrowable(() -> ClientSettings.builder(Settings.builder().set(ProxmoxSettings.TOKEN_ID.name(), "bad token id")
        .set(ProxmoxSettings.TOKEN_SECRET_FILE.name(), spaced.toString()).build(), Map.of())));
    errors.add(catchThrowable(() -> ClientSettings.builder(Settings.builder().set(ProxmoxSettings.URL.name(), "https://pve1")
        .set(ProxmoxSettings.USER.name(), "root@pam").build(), Map.of("STEWARD_PROXMOX_PASSWORD", PASSWORD + "\tx"))));

    assertThat(errors).allSatisfy(e -> {
      assertThat(e).isInstanceOfAny(IllegalArgumentException.class, InvalidSettingsException.class);
      assertThat(e.getMessage()).doesNotContain(TOKEN_SECRET).doesNotContain(PASSWORD);
    });
    assertThat(errors.get(1)).hasMessageContaining(bell.toString()).hasMessageContaining("control character at position 33");
    assertThat(errors.get(6)).hasMessageContaining("The secret of API token steward@pve!probe holds a space");
    assertThat(errors.get(3)).hasMessageContaining("cannot be read");
    assertThat(errors.get(4)).hasMessageContaining("PVE_SECRET");
  }

  @Test
  @DisplayName("a secret is read from the first line of a file or from an environment variable, stripped; a password may hold spaces")
  void readsSecretsFromFilesAndVariables() throws Exception {
    Path file = Files.writeString(dir.resolve("token"), TOKEN_SECRET + "\r\nsecond line ignored\n");
    Path phrase = Files.writeString(dir.resolve("phrase"), "correct horse; battery staple\n");

    assertThat(Secret.fromFile(file).reveal()).isEqualTo(TOKEN_SECRET);
    assertThat(new UserPassword("root@pam", Secret.fromFile(phrase)).password().reveal()).isEqualTo("correct horse; battery staple");
    assertThat(Secret.fromEnvironment("S", Map.of("S", " " + PASSWORD + "\n")).reveal()).isEqualTo(PASSWORD);
    assertThatThrownBy(() -> Secret.fromEnvironment("UNSET", Map.of())).hasMessage("The environment variable UNSET is not set");
  }
}
