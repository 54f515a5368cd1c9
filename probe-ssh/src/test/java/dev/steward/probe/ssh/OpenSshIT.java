package dev.steward.probe.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.steward.Command;
import dev.steward.CommandResult;
import dev.steward.testsupport.lab.LabService;
import dev.steward.testsupport.lab.RequiresLab;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Against a real OpenSSH sshd on loopback (lab/sshd.sh): host keys, sudo -n, concurrency on one session. */
@RequiresLab(LabService.SSHD)
class OpenSshIT {
  private static LabSshd lab;

  @TempDir
  Path dir;

  @BeforeAll
  static void requireTheLab() {
    lab = LabSshd.get();
  }

  @Test
  @DisplayName("refuses the unknown real sshd with the fingerprint ssh-keygen -l shows, and accept-new then trusts it")
  void refusesThenAcceptsTheRealHostKey() throws Exception {
    String keygen = Keys.run(List.of("ssh-keygen", "-l", "-E", "sha256", "-f", lab.hostKey().toString()));
    String fingerprint = keygen.split(" ")[1];
    Path knownHosts = dir.resolve("known_hosts");

    try (SshTransport strict = SshTransport.open(lab.settings().set(SshSettings.KNOWN_HOSTS, knownHosts).build())) {
      HostKeyUnknownException e = catchThrowableOfType(() -> strict.run(lab.host(), Command.of("true")), HostKeyUnknownException.class);
      assertThat(e.fingerprint()).isEqualTo(fingerprint);
      assertThat(e.keyType()).isEqualTo("ssh-ed25519");
      assertThat(e.getMessage()).contains(fingerprint, "ssh-keyscan -p " + lab.port() + " -t ed25519 " + lab.address());
    }
    try (SshTransport tofu = SshTransport.open(lab.settings().set(SshSettings.KNOWN_HOSTS, knownHosts)
        .set(SshSettings.HOST_KEY_POLICY, "accept-new").build())) {
      assertThat(tofu.run(lab.host(), Command.of("id", "-un")).stdout()).isEqualTo(lab.user() + "\n");
    }
    assertThat(Files.readString(knownHosts)).isEqualTo(Files.readString(lab.knownHosts()));
    // OpenSSH's own client accepts the line we wrote.
    String viaOpenSsh = Keys.run(List.of("ssh", "-o", "BatchMode=yes", "-o", "StrictHostKeyChecking=yes",
        "-o", "UserKnownHostsFile=" + knownHosts, "-i", lab.identity().toString(), "-p", String.valueOf(lab.port()),
        lab.user() + "@" + lab.address(), "echo", "ok"));
    assertThat(viaOpenSsh).isEqualTo("ok\n");
  }

  @Test
  @DisplayName("runs commands through sudo -n when asked, and fails rather than asks for a password")
  void runsThroughSudo() {
    try (SshTransport transport = SshTransport.open(lab.settings().set(SshSettings.SUDO, true).build())) {
      assertThat(transport.run(lab.host(), Command.of("id", "-u")).stdout()).isEqualTo("0\n");

      CommandResult refused = transport.run(lab.host(), Command.of("whoami"));
      assertThat(refused.exitCode()).isEqualTo(1);
      assertThat(refused.stderr()).contains("a password is required");
    }
  }

  @Test
  @DisplayName("runs more commands at once than OpenSSH's MaxSessions on one session, by queueing")
  void runsManyCommandsOnOneSession() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(24);
    try (SshTransport transport = SshTransport.open(lab.settings().build())) {
      List<Future<CommandResult>> results = new ArrayList<>();
      for (int i = 0; i < 48; i++) {
        String word = "n" + i;
        results.add(pool.submit(() -> transport.run(lab.host(), Command.of("sh", "-c", "sleep 0.2; echo \"$1\"", "sh", word))));
      }
      for (int i = 0; i < results.size(); i++) {
        assertThat(results.get(i).get().stdout()).isEqualTo("n" + i + "\n");
      }
      assertThat(transport.openSessions()).isEqualTo(1);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  @DisplayName("logs in through the ssh config's Host alias with its HostName, Port, User and IdentityFile")
  void usesTheSshConfig() throws Exception {
    Path config = dir.resolve("config");
    Files.writeString(config, "Host lab-box\n  HostName " + lab.address() + "\n  Port " + lab.port() + "\n  User " + lab.user()
        + "\n  IdentityFile " + lab.identity() + "\n");
    try (SshTransport transport = SshTransport.open(lab.settings().set(SshSettings.IDENTITY_FILES, "none")
        .set(SshSettings.CONFIG_FILE, config.toString()).build())) {
      assertThat(transport.run("lab-box", Command.of("id", "-un")).stdout()).isEqualTo(lab.user() + "\n");
    }
  }
}
