package dev.steward.probe.ssh;

import dev.steward.Settings;
import dev.steward.testsupport.lab.Lab;
import dev.steward.testsupport.lab.LabService;
import java.nio.file.Path;
import java.util.Properties;

/**
 * The real OpenSSH sshd that {@code lab/sshd.sh} runs on loopback, as its lab.properties describes
 * it. Test classes that use it say {@code @RequiresLab(LabService.SSHD)}, which starts it.
 */
record LabSshd(String address, int port, String user, Path identity, Path knownHosts, Path hostKey, Path dir) {
  /** The lab sshd, started first if this JVM has not started it yet. */
  static LabSshd get() {
    Properties p = Lab.properties(LabService.SSHD);
    return new LabSshd(p.getProperty("address"), Integer.parseInt(p.getProperty("port")), p.getProperty("user"),
        Path.of(p.getProperty("identity")), Path.of(p.getProperty("known_hosts")), Path.of(p.getProperty("host_key")),
        Path.of(p.getProperty("dir")));
  }

  /** {@code user@address:port}. */
  String host() {
    return user + "@" + address + ":" + port;
  }

  Settings.Builder settings() {
    return Settings.builder()
        .set(SshSettings.KNOWN_HOSTS, knownHosts)
        .set(SshSettings.IDENTITY_FILES, identity.toString())
        .set(SshSettings.CONFIG_FILE, "none")
        .set(SshSettings.AGENT, "none");
  }
}
