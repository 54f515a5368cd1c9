package dev.steward.probe.ssh;

import dev.steward.Settings;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * The real OpenSSH sshd that {@code lab/sshd.sh} starts on loopback, as its lab.properties
 * describes it. Integration tests fail, never skip, when it is not there.
 */
record LabSshd(String address, int port, String user, Path identity, Path knownHosts, Path hostKey, Path dir) {
  static LabSshd require() {
    String where = System.getenv().getOrDefault("STEWARD_LAB_SSHD", "/tmp/steward-lab/sshd");
    Path file = Path.of(where, "lab.properties");
    String advice = " Run lab/sshd.sh (as root) first: it installs openssh-server and starts the test sshd.";
    if (!Files.isRegularFile(file)) {
      throw new IllegalStateException("No lab sshd: " + file + " does not exist." + advice);
    }
    Properties p = new Properties();
    try (InputStream in = Files.newInputStream(file)) {
      p.load(in);
    } catch (IOException e) {
      throw new IllegalStateException("Cannot read " + file + ": " + e.getMessage() + "." + advice, e);
    }
    LabSshd lab = new LabSshd(p.getProperty("address"), Integer.parseInt(p.getProperty("port")), p.getProperty("user"),
        Path.of(p.getProperty("identity")), Path.of(p.getProperty("known_hosts")), Path.of(p.getProperty("host_key")),
        Path.of(p.getProperty("dir")));
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(lab.address(), lab.port()), 3000);
    } catch (IOException e) {
      throw new IllegalStateException("The lab sshd does not answer on " + lab.address() + ":" + lab.port() + " (" + e.getMessage()
          + ")." + advice);
    }
    return lab;
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
