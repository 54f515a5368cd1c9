package dev.steward.systemd;

import dev.steward.Command;
import dev.steward.CommandResult;
import dev.steward.Settings;
import dev.steward.probe.ssh.SshSettings;
import dev.steward.probe.ssh.SshTransport;
import dev.steward.testsupport.lab.Lab;
import dev.steward.testsupport.lab.LabService;
import java.nio.file.Path;
import java.util.Properties;
import java.util.UUID;

/**
 * The first host of {@code lab/host-container.sh}, reached as root over the ssh Transport: what
 * the systemd tests drive, and how they read the real system behind the manager's back.
 */
final class LabHost implements AutoCloseable {
  final String address;
  final SshTransport transport;

  private LabHost(String address, SshTransport transport) {
    this.address = address;
    this.transport = transport;
  }

  static LabHost open() {
    Properties lab = Lab.properties(LabService.HOST_CONTAINER);
    Settings ssh = Settings.builder()
        .set(SshSettings.USER, lab.getProperty("user"))
        .set(SshSettings.IDENTITY_FILES, lab.getProperty("identity"))
        .set(SshSettings.KNOWN_HOSTS, Path.of(lab.getProperty("known_hosts")))
        .set(SshSettings.CONFIG_FILE, "none")
        .set(SshSettings.AGENT, "none")
        .build();
    return new LabHost("127.0.0.1:" + lab.getProperty("host.1.port"), SshTransport.open(ssh));
  }

  /** An instance name for one test run: only letters and digits, so its units match a plain glob. */
  static String uniqueInstance(String prefix) {
    return prefix + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
  }

  /** Runs {@code argv} on the host; its stdout, or an error with what it printed. */
  String run(String... argv) {
    return transport.run(address, Command.of(argv)).requireSuccess().stdout();
  }

  CommandResult attempt(String... argv) {
    return transport.run(address, Command.of(argv));
  }

  /** One property of a unit as systemd has it now. */
  String property(String unit, String property) {
    return run("systemctl", "show", "-p", property, "--value", "--", unit).strip();
  }

  /** Stops and deletes every unit of {@code instance}, whatever state a test left it in. */
  void removeUnitsOf(String instance) {
    String glob = "steward-" + instance + "-*.service";
    run("sh", "-c", "systemctl stop \"$1\" || true; systemctl reset-failed \"$1\" 2>/dev/null || true; "
        + "rm -f /etc/systemd/system/$1 /etc/systemd/system/$1.tmp; systemctl daemon-reload", "sh", glob);
  }

  @Override
  public void close() {
    transport.close();
  }
}
