package dev.steward.docker;

import dev.steward.Command;
import dev.steward.CommandResult;
import dev.steward.CoreSettings;
import dev.steward.ProcessManager;
import dev.steward.ProcessStatus;
import dev.steward.ResourceKey;
import dev.steward.Settings;
import dev.steward.Spec;
import dev.steward.Transport;
import dev.steward.discovery.ExtensionPoint;
import dev.steward.discovery.ProviderRegistry;
import dev.steward.probe.ssh.SshSettings;
import dev.steward.probe.ssh.SshTransport;
import dev.steward.spi.ProviderContext;
import dev.steward.testkit.contract.ProcessManagerContract;
import dev.steward.testsupport.lab.Lab;
import dev.steward.testsupport.lab.LabService;
import dev.steward.testsupport.lab.RequiresLab;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The testkit's contract for the {@code docker} manager over the {@code ssh} transport: the lab's
 * loopback sshd ({@code lab/sshd.sh}) lets in its plain user, whom {@code lab/docker-images.sh}
 * puts in the docker group, and the docker command it runs there reaches this machine's engine.
 * The contract's nodes live on host {@code local}; the transport handed to the manager runs what it
 * asks of {@code local} over ssh instead.
 */
@RequiresLab({LabService.SSHD, LabService.DOCKER})
class DockerOverSshContractIT extends ProcessManagerContract {
  private static SshTransport ssh;
  private static String target;
  private String instance;

  @RegisterExtension
  final AfterEachCallback removeContainers = context -> {
    if (instance != null) {
      LabDocker.removeContainersOf(instance);
    }
  };

  @BeforeAll
  static void openSsh() {
    Properties sshd = Lab.properties(LabService.SSHD);
    // Again, now that the ssh user exists: the script puts it in the docker group.
    Lab.run(LabService.DOCKER, "start");
    target = sshd.getProperty("user") + "@" + sshd.getProperty("address") + ":" + sshd.getProperty("port");
    ssh = SshTransport.open(Settings.builder()
        .set(SshSettings.KNOWN_HOSTS, Path.of(sshd.getProperty("known_hosts")))
        .set(SshSettings.IDENTITY_FILES, sshd.getProperty("identity"))
        .set(SshSettings.CONFIG_FILE, "none")
        .set(SshSettings.AGENT, "none")
        .build());
  }

  @AfterAll
  static void closeSsh() {
    if (ssh != null) {
      ssh.close();
    }
  }

  @Override
  protected String providerId() {
    return "docker";
  }

  @Override
  protected Settings.Builder settings() {
    instance = LabDocker.uniqueInstance("ssh-contract");
    return Settings.builder()
        .set(CoreSettings.INSTANCE, instance)
        .set(DockerSettings.START_CHECK, Duration.ofMillis(500));
  }

  @Override
  protected ProcessManager create(Settings.Builder settings) {
    Transport overSsh = new Transport() {
      @Override
      public CommandResult run(String host, Command command) {
        return ssh.run(host.equals(ResourceKey.LOCAL) ? target : host, command);
      }
    };
    Settings built = settings.set(ExtensionPoint.PROCESS_MANAGER.selectionSetting(), providerId()).build();
    return ProviderRegistry.discover().create(ExtensionPoint.PROCESS_MANAGER, ProviderContext.of(built, overSsh));
  }

  /** Whether every node is packed ({@link DockerSpec#PACK_SIZE}): the packed variant of this contract says so. */
  protected boolean packed() {
    return false;
  }

  @Override
  protected Spec longRunning(ResourceKey key) {
    return LabDocker.forContract(super.longRunning(key), packed());
  }

  @Override
  protected Spec exitingAtOnce(ResourceKey key) {
    return LabDocker.forContract(super.exitingAtOnce(key), packed());
  }

  @Override
  protected void killFromOutside(ProcessStatus running) {
    LabDocker.killFromOutside(running, packed());
  }
}
