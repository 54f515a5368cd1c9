package dev.steward.docker;

import dev.steward.CoreSettings;
import dev.steward.ProcessStatus;
import dev.steward.ResourceKey;
import dev.steward.Settings;
import dev.steward.Spec;
import dev.steward.testkit.contract.ProcessManagerContract;
import dev.steward.testsupport.lab.LabService;
import dev.steward.testsupport.lab.RequiresLab;
import java.time.Duration;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The testkit's contract for the {@code docker} manager, against this machine's Docker engine
 * through the {@code local} transport. Every container of each test's instance is removed after it.
 */
@RequiresLab(LabService.DOCKER)
class DockerManagerContractIT extends ProcessManagerContract {
  private String instance;

  /** Runs after the contract's own clean-up, which stops the nodes but leaves their containers. */
  @RegisterExtension
  final AfterEachCallback removeContainers = context -> {
    if (instance != null) {
      LabDocker.removeContainersOf(instance);
    }
  };

  @Override
  protected String providerId() {
    return "docker";
  }

  @Override
  protected Settings.Builder settings() {
    instance = LabDocker.uniqueInstance("contract");
    return Settings.builder()
        .set(CoreSettings.INSTANCE, instance)
        .set(CoreSettings.TRANSPORT, "local")
        .set(DockerSettings.START_CHECK, Duration.ofMillis(500));
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
