package dev.steward.systemd;

import dev.steward.Command;
import dev.steward.CommandResult;
import dev.steward.CoreSettings;
import dev.steward.ProcessManager;
import dev.steward.Settings;
import dev.steward.Transport;
import dev.steward.discovery.ExtensionPoint;
import dev.steward.discovery.ProviderRegistry;
import dev.steward.spi.ProviderContext;
import dev.steward.probe.ssh.SshSettings;
import dev.steward.probe.ssh.SshTransport;
import dev.steward.testsupport.lab.HostContainers;
import java.util.UUID;

/**
 * A host of {@code lab/host-container.sh} (the first, unless a test names another), reached as
 * root over the ssh Transport: what the systemd tests drive, and how they read the real system
 * behind the manager's back. Public for the tests of the manager's internals.
 */
public final class LabHost implements AutoCloseable {
  public final HostContainers.Host host;
  /** The host as the transport takes it: {@code 127.0.0.1:PORT}. */
  public final String address;
  public final SshTransport transport;

  private LabHost(HostContainers.Host host, SshTransport transport) {
    this.host = host;
    this.address = host.target();
    this.transport = transport;
  }

  public static LabHost open() {
    return open(1);
  }

  public static LabHost open(int number) {
    HostContainers lab = HostContainers.get();
    return new LabHost(lab.host(number), SshTransport.open(ssh(lab).build()));
  }

  /** Settings of an ssh transport that logs into every lab host as root, by {@code 127.0.0.1:PORT} or by name. */
  static Settings.Builder ssh(HostContainers lab) {
    return Settings.builder()
        .set(SshSettings.USER, lab.user())
        .set(SshSettings.IDENTITY_FILES, lab.identity().toString())
        .set(SshSettings.KNOWN_HOSTS, lab.knownHosts())
        .set(SshSettings.CONFIG_FILE, lab.sshConfig().toString())
        .set(SshSettings.AGENT, "none");
  }

  /** An instance name for one test run: only letters and digits, so its units match a plain glob. */
  public static String uniqueInstance(String prefix) {
    return prefix + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
  }

  /** Runs {@code argv} on the host; its stdout, or an error with what it printed. */
  public String run(String... argv) {
    return transport.run(address, Command.of(argv)).requireSuccess().stdout();
  }

  public CommandResult attempt(String... argv) {
    return transport.run(address, Command.of(argv));
  }

  /** One property of a unit as systemd has it now. */
  String property(String unit, String property) {
    return run("systemctl", "show", "-p", property, "--value", "--", unit).strip();
  }

  /** Stops and deletes every unit of {@code instance}, whatever state a test left it in. */
  public void removeUnitsOf(String instance) {
    removeUnitsOf(transport, address, instance);
  }

  /** Stops and deletes every unit of {@code instance} on {@code host}, reached as root through {@code transport}. */
  static void removeUnitsOf(Transport transport, String host, String instance) {
    String glob = "steward-" + instance + "-*.service";
    transport.run(host, Command.of("sh", "-c", "systemctl stop \"$1\" || true; systemctl reset-failed \"$1\" 2>/dev/null || true; "
        + "rm -f /etc/systemd/system/$1 /etc/systemd/system/$1.tmp; systemctl daemon-reload", "sh", glob)).requireSuccess();
  }

  /** A systemd manager of {@code instance} through {@code transport}, with {@code more} settings. */
  static ProcessManager manager(Transport transport, String instance, Settings.Builder more) {
    Settings settings = more
        .set(CoreSettings.PROCESS_MANAGER, "systemd")
        .set(CoreSettings.INSTANCE, instance)
        .build();
    return ProviderRegistry.discover().create(ExtensionPoint.PROCESS_MANAGER, ProviderContext.of(settings, transport));
  }

  @Override
  public void close() {
    transport.close();
  }
}
