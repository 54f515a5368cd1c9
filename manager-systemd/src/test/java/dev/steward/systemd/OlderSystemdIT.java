package dev.steward.systemd;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steward.Command;
import dev.steward.CommandResult;
import dev.steward.ProcessManager;
import dev.steward.ProcessSpec;
import dev.steward.ProcessState;
import dev.steward.ProcessStatus;
import dev.steward.ResourceKey;
import dev.steward.Settings;
import dev.steward.Spec;
import dev.steward.testsupport.lab.LabService;
import dev.steward.testsupport.lab.RequiresLab;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Hosts with a systemd older than 251 have no {@code --timestamp=unix}: the manager asks them in
 * the form each version has. The lab's hosts run 252, so the transport answers the manager's first
 * look at the host with an older version line, and everything else runs for real: systemd 252
 * prints {@code --timestamp=utc} and the default form under {@code LC_ALL=C TZ=UTC} as the older
 * versions do, and the start times read that way must be the ones systemd gives as {@code @seconds}.
 */
@RequiresLab(LabService.HOST_CONTAINER)
class OlderSystemdIT {
  private final String instance = LabHost.uniqueInstance("old");
  private LabHost lab;

  @BeforeEach
  void openLab() {
    lab = LabHost.open(3);
  }

  @AfterEach
  void removeUnits() {
    try {
      lab.removeUnitsOf(instance);
    } finally {
      lab.close();
    }
  }

  /** The real transport, except that {@code systemctl --version} names {@code version}. */
  private WatchedTransport claiming(String version) {
    return new WatchedTransport(lab.transport, (host, command, real) -> {
      CommandResult result = real.run(host, command);
      if (!String.join(" ", command.argv()).contains("systemctl --version")) {
        return result;
      }
      return new CommandResult(result.host(), result.command(), result.exitCode(),
          result.stdout().replaceFirst("(?m)^systemd [0-9]+ .*$", version), result.stderr(), false, false, result.elapsed());
    });
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "systemd 249 (249.11-0ubuntu3.12)|--timestamp=utc|false",
      "systemd 245 (245.4-4ubuntu3.22)||true",
  })
  void readsStartTimesAsAnOlderSystemdPrintsThem(String version, String option, boolean inUtc) {
    WatchedTransport transport = claiming(version);
    ResourceKey key = ResourceKey.of("node", "old" + version.split(" ")[1], lab.address);
    try (ProcessManager manager = LabHost.manager(transport, instance, Settings.builder()
        .set(SystemdSettings.HOSTS, lab.address)
        .set(SystemdSettings.START_CHECK, Duration.ofMillis(300)))) {

      ProcessStatus started = manager.start(Spec.of(key).with(ProcessSpec.COMMAND, "sleep 600"));
      ProcessStatus listed = manager.list(lab.address).get(0);

      String unit = started.attributes().get("unit");
      String unix = lab.run("systemctl", "show", "-p", "ExecMainStartTimestamp", "--value", "--timestamp=unix", "--", unit).strip();
      Instant real = Instant.ofEpochSecond(Long.parseLong(unix.substring(1)));
      assertThat(started.state()).isEqualTo(ProcessState.RUNNING);
      assertThat(started.startedAt()).contains(real);
      assertThat(manager.status(key).startedAt()).contains(real);
      assertThat(listed.startedAt()).contains(real);
      for (Command show : transport.commands().stream().filter(c -> String.join(" ", c.argv()).contains("show -p")).toList()) {
        String line = String.join(" ", show.argv());
        assertThat(line).as(line).doesNotContain("--timestamp=unix");
        if (option != null) {
          assertThat(line).as(line).contains(option);
        }
        assertThat(show.environment()).as(line).isEqualTo(inUtc ? Map.of("LC_ALL", "C", "TZ", "UTC") : Map.of());
      }
    }
  }
}
