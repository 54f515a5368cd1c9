package dev.steward.examples.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steward.Command;
import dev.steward.Settings;
import dev.steward.probe.ssh.SshSettings;
import dev.steward.probe.ssh.SshTransport;
import dev.steward.testsupport.lab.HostContainers;
import dev.steward.testsupport.lab.LabService;
import dev.steward.testsupport.lab.RequiresLab;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code steward reconcile} acting on two of the lab's Debian hosts over ssh, with systemd units,
 * checked on the hosts themselves (unit files, {@code systemctl show}).
 */
@RequiresLab(LabService.HOST_CONTAINER)
@DisplayName("steward reconcile keeps systemd nodes on two lab hosts over ssh")
class SystemdFleetIT {
  private static final int NODES_PER_HOST = 3;

  @TempDir
  Path temp;

  private StewardJar steward;
  private String instance;
  private Path fleetFile;
  private HostContainers lab;
  private List<String> hosts;
  private SshTransport ssh;

  @BeforeEach
  void setUp() {
    steward = new StewardJar(temp);
    instance = "itkill" + Long.toString(System.nanoTime() % 1_000_000_000L, 36);
    fleetFile = temp.resolve("fleet.yaml");
    lab = HostContainers.get();
    hosts = List.of(lab.host(1).name(), lab.host(2).name());
    ssh = SshTransport.open(sshSettings().build());
  }

  @AfterEach
  void tearDown() {
    try {
      // Whatever a failed test left behind goes, on the hosts themselves.
      for (String host : hosts) {
        removeUnits(host, instance);
      }
    } finally {
      ssh.close();
    }
  }

  @Test
  @DisplayName("SIGKILL at 10 random points of a rolling upgrade over two hosts: the next passes converge, with exactly one unit per node")
  void convergesAfterBeingKilledDuringARollingUpgrade() throws Exception {
    long seed = Long.getLong("steward.it.seed", System.nanoTime());
    SplittableRandom random = new SplittableRandom(seed);
    writeFleet("1.0");
    settle("the 1.0 fleet");
    assertUnitsRun("1.0");

    writeFleet("2.0");
    List<String> story = new ArrayList<>(List.of("seed " + seed));
    for (int round = 0; round < 10; round++) {
      long killAfterMillis = 200 + random.nextInt(4000);
      Process runner = steward.start(common("reconcile", "--config", fleetFile.toString(), "--once", "--stop-grace", "2s"));
      boolean finished = runner.waitFor(killAfterMillis, TimeUnit.MILLISECONDS);
      if (!finished) {
        runner.destroyForcibly();
        runner.waitFor(10, TimeUnit.SECONDS);
      }
      story.add(finished ? "finished" : "killed after " + killAfterMillis + " ms");
    }
    settle("the 2.0 fleet after " + story);

    assertUnitsRun("2.0");
  }

  @Test
  @DisplayName("run systemd-fleet tells its whole story on the lab's last two hosts and leaves no unit and no rule behind")
  void theScenarioRuns() {
    List<String> used = List.of(lab.host(lab.hosts().size() - 1).name(), lab.host(lab.hosts().size()).name());
    for (String host : used) {
      // An earlier run that was cut short may have left its units: they are no fleet's nodes now, so nothing would take them.
      removeUnits(host, "demo");
      ssh.run(host, Command.of("sh", "-c", "LC_ALL=C ufw show added | grep \"comment 'steward:\" | sed -e 's/^ufw //' -e 's/ comment .*//'"
          + " | while read -r rule; do ufw delete $rule; done")).requireSuccess();
    }
    StewardJar.Result result = steward.run(600, Map.of("STEWARD_LAB_HOST", lab.sshConfig().getParent().toString()),
        "run", "systemd-fleet");

    assertThat(result.exitCode()).as(result.toString()).isZero();
    assertThat(result.out()).as(result.toString())
        .contains("Scraped records: {", "are UNKNOWN", "ufw status", "Scenario 'systemd-fleet' finished.");
    for (String host : used) {
      assertThat(ssh.run(host, Command.of("sh", "-c", "ls /etc/systemd/system | grep -c '^steward-demo-' || true")).stdout().strip())
          .as("scenario unit files left on %s", host).isEqualTo("0");
      assertThat(ssh.run(host, Command.of("sh", "-c", "LC_ALL=C ufw status | grep -c 'steward:' || true")).stdout().strip())
          .as("steward rules left on %s", host).isEqualTo("0");
    }
  }

  private void removeUnits(String host, String ofInstance) {
    ssh.run(host, Command.of("sh", "-c", "cd /etc/systemd/system && for u in steward-" + ofInstance + "-*.service; do"
        + " [ -e \"$u\" ] || continue; systemctl stop \"$u\"; rm -f \"$u\"; done; systemctl daemon-reload"));
  }

  /** Passes until one plans nothing but surveys. */
  private void settle(String what) {
    StewardJar.Result last = null;
    for (int pass = 0; pass < 16; pass++) {
      last = steward.run(common("reconcile", "--config", fleetFile.toString(), "--once", "--stop-grace", "2s"));
      if (last.exitCode() == 0 && List.of("ADD", "REMOVE", "UPGRADE", "START", "held").stream().noneMatch(last.out()::contains)) {
        return;
      }
    }
    throw new AssertionError(what + " did not settle within 16 passes; the last:\n" + last);
  }

  /**
   * On each host: exactly one unit file and one active unit per node, running {@code version},
   * whose main pid is the one the node's record holds; no other unit of this instance.
   */
  private void assertUnitsRun(String version) {
    Map<String, String> recordedPids = new TreeMap<>();
    StoredNodes.runningPids(temp.resolve("state"), version).forEach((key, pid) -> recordedPids.put(key.name() + "@" + key.host(), pid));
    assertThat(recordedPids).hasSize(NODES_PER_HOST * hosts.size());
    for (String host : hosts) {
      String files = ssh.run(host, Command.of("sh", "-c", "ls /etc/systemd/system | grep '^steward-" + instance + "-' || true"))
          .requireSuccess().stdout();
      assertThat(files.lines()).as("unit files on %s", host).hasSize(NODES_PER_HOST)
          .allSatisfy(name -> assertThat(name).endsWith(".service"));
      for (String unit : files.lines().toList()) {
        String shown = ssh.run(host, Command.of("systemctl", "show", "-p", "ActiveState,MainPID,ExecStart,Description", unit))
            .requireSuccess().stdout();
        assertThat(shown).as("%s on %s", unit, host).contains("ActiveState=active").contains("STEWARD_DEMO_VERSION=" + version);
        String pid = shown.lines().filter(l -> l.startsWith("MainPID=")).findFirst().orElseThrow().substring("MainPID=".length());
        assertThat(recordedPids).as("the record of %s on %s holds its main pid", unit, host).containsValue(pid);
      }
      String units = ssh.run(host, Command.of("sh", "-c", "systemctl list-units --all --plain --no-legend 'steward-" + instance + "-*'"))
          .requireSuccess().stdout();
      assertThat(units.lines()).as("units of this instance on %s", host).hasSize(NODES_PER_HOST);
    }
  }

  private void writeFleet(String version) throws IOException {
    Files.writeString(fleetFile, """
        fleets:
          - name: relay
            count: %d
            version: "%s"
            command: /usr/bin/env STEWARD_DEMO_VERSION={version} /bin/sleep infinity
            hosts: [%s, %s]
            manager: systemd
            cooldown: 0s
        policy:
          budgets: {upgrade: 1, add: 2, start: 2, remove: 1}
          thresholds: none
        """.formatted(NODES_PER_HOST, version, hosts.get(0), hosts.get(1)));
  }

  private Settings.Builder sshSettings() {
    return Settings.builder()
        .set(SshSettings.CONFIG_FILE, lab.sshConfig().toString())
        .set(SshSettings.KNOWN_HOSTS, lab.knownHosts())
        .set(SshSettings.AGENT, "none");
  }

  private String[] common(String... args) {
    List<String> all = new ArrayList<>(List.of(
        "--set", "steward.store.dir=" + temp.resolve("state"),
        "--set", "steward.process.dir=" + temp.resolve("processes"),
        "--set", "steward.instance=" + instance,
        "--set", "steward.status.dir=" + temp.resolve("run"),
        "--set", SshSettings.CONFIG_FILE.name() + "=" + lab.sshConfig(),
        "--set", SshSettings.KNOWN_HOSTS.name() + "=" + lab.knownHosts(),
        "--set", SshSettings.AGENT.name() + "=none"));
    all.addAll(List.of(args));
    return all.toArray(String[]::new);
  }
}
