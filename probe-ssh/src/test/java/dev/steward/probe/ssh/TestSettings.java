package dev.steward.probe.ssh;

import dev.steward.Settings;
import java.nio.file.Path;

/** Settings that keep a test away from the user's own ~/.ssh and ssh-agent. */
final class TestSettings {
  private TestSettings() {}

  static Settings.Builder isolated(Path dir) {
    return Settings.builder()
        .set(SshSettings.KNOWN_HOSTS, dir.resolve("known_hosts"))
        .set(SshSettings.CONFIG_FILE, "none")
        .set(SshSettings.AGENT, "none")
        .set(SshSettings.IDENTITY_FILES, "none")
        .set(SshSettings.CONNECT_TIMEOUT, java.time.Duration.ofSeconds(10))
        .set(SshSettings.AUTH_TIMEOUT, java.time.Duration.ofSeconds(10));
  }
}
