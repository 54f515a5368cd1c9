package dev.steward.systemd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.steward.Command;
import dev.steward.ProcessManager;
import dev.steward.ProcessSpec;
import dev.steward.ProcessStartException;
import dev.steward.ProcessState;
import dev.steward.ProcessStatus;
import dev.steward.ResourceKey;
import dev.steward.Settings;
import dev.steward.Spec;
import dev.steward.probe.ssh.SshSettings;
import dev.steward.probe.ssh.SshTransport;
import dev.steward.testsupport.Poll;
import dev.steward.testsupport.lab.HostContainers;
import dev.steward.testsupport.lab.LabService;
import dev.steward.testsupport.lab.RequiresLab;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The {@code systemd} manager in user scope ({@code steward.systemd.scope=user}) on a lab host, as
 * a plain user it logs in as over ssh: each test makes the user as root ({@code useradd}, the
 * lab's key in its authorized_keys) and deletes it after. The user's ssh session (PAM with
 * pam_systemd) starts the user's own systemd; the manager writes to {@code ~/.config/systemd/user}
 * and runs {@code systemctl --user}. Without lingering the user's units would end with the
 * session, so the manager refuses to start them until root runs {@code loginctl enable-linger}.
 */
@RequiresLab(LabService.HOST_CONTAINER)
class UserScopeIT {
  private final String instance = LabHost.uniqueInstance("user");
  private final String user = LabHost.uniqueInstance("stw");
  private LabHost root;
  private SshTransport asUser;
  private ProcessManager manager;

  @BeforeEach
  void makeTheUser() {
    root = LabHost.open(2);
    root.run("sh", "-c", "useradd -m -s /bin/sh \"$1\" && usermod -p '*' \"$1\""
        + " && install -d -o \"$1\" -g \"$1\" -m 700 \"/home/$1/.ssh\""
        + " && install -o \"$1\" -g \"$1\" -m 600 /root/.ssh/authorized_keys \"/home/$1/.ssh/authorized_keys\"", "sh", user);
    HostContainers lab = HostContainers.get();
    asUser = SshTransport.open(Settings.builder()
        .set(SshSettings.USER, user)
        .set(SshSettings.IDENTITY_FILES, lab.identity().toString())
        .set(SshSettings.KNOWN_HOSTS, lab.knownHosts())
        .set(SshSettings.CONFIG_FILE, "none")
        .set(SshSettings.AGENT, "none")
        .build());
    manager = LabHost.manager(asUser, instance, Settings.builder()
        .set(SystemdSettings.SCOPE, "user")
        .set(SystemdSettings.HOSTS, root.address)
        .set(SystemdSettings.START_CHECK, Duration.ofMillis(300)));
  }

  @AfterEach
  void deleteTheUser() {
    try {
      manager.close();
      asUser.close();
      String uid = root.run("id", "-u", user).strip();
      root.run("sh", "-c", "loginctl disable-linger \"$1\"; loginctl terminate-user \"$1\" 2>/dev/null;"
          + " systemctl stop \"user@$2.service\"; true", "sh", user, uid);
      // logind keeps a user it still knows under its uid: the next test's user, given the same uid,
      // would be read as this one (its Linger too) until logind lets go of it.
      Poll.within(Duration.ofSeconds(30)).await("logind to forget " + user, () -> root.attempt("loginctl", "show-user", uid).exitCode(),
          exit -> exit != 0);
      root.run("sh", "-c", "pkill -KILL -u \"$1\"; userdel -f -r \"$1\" 2>/dev/null; ! id \"$1\" 2>/dev/null", "sh", user);
    } finally {
      root.close();
    }
  }

  private ResourceKey key(String name) {
    return ResourceKey.of("node", name, root.address);
  }

  private String path(String unit) {
    return "/home/" + user + "/.config/systemd/user/" + unit;
  }

  /** What the user's own systemd says of a property of {@code unit}, asked as the user. */
  private String property(String unit, String property) {
    String uid = root.run("id", "-u", user).strip();
    return asUser.run(root.address, Command.of("systemctl", "--user", "show", "-p", property, "--value", "--", unit)
        .withEnvironment(Map.of("XDG_RUNTIME_DIR", "/run/user/" + uid))).requireSuccess().stdout().strip();
  }

  @Test
  void withoutLingeringAStartFailsSayingHowToTurnItOnAndWritesNothing() {
    ResourceKey key = key("early");

    assertThatThrownBy(() -> manager.start(Spec.of(key).with(ProcessSpec.COMMAND, "sleep 600")))
        .isInstanceOf(ProcessStartException.class)
        .hasMessage("Could not start " + key + " as a user unit of " + user + " on " + root.address + ": lingering is off for "
            + user + ", so systemd would stop the node when " + user + "'s last session ends; run 'loginctl enable-linger "
            + user + "' as root on " + root.address + " (or use steward.systemd.scope=system)");
    assertThat(root.run("sh", "-c", "ls -A \"/home/$1/.config/systemd/user\" 2>/dev/null | wc -l", "sh", user).strip()).isEqualTo("0");
  }

  @Test
  void withLingeringANodeRunsAsTheUsersOwnUnitAndGoesForGoodWhenRemoved() {
    root.run("loginctl", "enable-linger", user);
    ResourceKey key = key("web");

    ProcessStatus started = manager.start(Spec.of(key).with(ProcessSpec.COMMAND, "sleep 600").with("env.MODE", "user's"));

    String unit = started.attributes().get("unit");
    assertThat(started.state()).isEqualTo(ProcessState.RUNNING);
    assertThat(root.run("ps", "-o", "user=", "-p", Long.toString(started.pid().orElseThrow())).strip()).isEqualTo(user);
    assertThat(root.run("cat", path(unit))).contains("[X-Steward]\nResource=node/web\nInstance=" + instance + "\n");
    assertThat(property(unit, "MainPID")).isEqualTo(Long.toString(started.pid().getAsLong()));
    assertThat(property(unit, "FragmentPath")).isEqualTo(path(unit));
    assertThat(manager.status(key)).isEqualTo(started);
    assertThat(manager.list(root.address)).containsExactly(started);

    assertThat(manager.stop(key, Duration.ofSeconds(5)).state()).isEqualTo(ProcessState.STOPPED);
    assertThat(property(unit, "ActiveState")).isEqualTo("inactive");
    assertThat(manager.remove(key, Duration.ofSeconds(5))).isEqualTo(ProcessStatus.absent(key));
    assertThat(root.attempt("test", "-e", path(unit)).exitCode()).isEqualTo(1);
    assertThat(property(unit, "LoadState")).isEqualTo("not-found");
  }

  @Test
  void aUserUnitThatFailsCarriesItsResultAndTheUsersJournal() {
    root.run("loginctl", "enable-linger", user);
    ResourceKey key = key("sulky");

    // Alive a moment after its line: journald ties a line to its unit by the sender's cgroup, which it
    // cannot read once a very short-lived process is gone (the line then lacks the unit's fields).
    assertThatThrownBy(() -> manager.start(Spec.of(key).with(ProcessSpec.COMMAND, "sh -c 'echo no luck today >&2; sleep 0.3; exit 4'")))
        .isInstanceOf(ProcessStartException.class)
        .hasMessageContaining("systemd's result: exit-code");

    ProcessStatus failed = Poll.within(Duration.ofSeconds(30)).await("the node's line in the user's journal",
        () -> manager.list(root.address).get(0), s -> s.attributes().getOrDefault("log", "").contains("no luck today"));
    assertThat(failed.key()).isEqualTo(key);
    assertThat(failed.state()).isEqualTo(ProcessState.FAILED);
    assertThat(failed.attributes()).containsEntry("result", "exit-code").containsEntry("exit_status", "4");
  }
}
