package dev.steward.systemd;

import dev.steward.Command;
import dev.steward.CommandResult;
import dev.steward.CoreSettings;
import dev.steward.ProcessManager;
import dev.steward.ProcessStatus;
import dev.steward.ResourceKey;
import dev.steward.Settings;
import dev.steward.Transport;
import dev.steward.discovery.ExtensionPoint;
import dev.steward.discovery.ProviderRegistry;
import dev.steward.spi.ProviderContext;
import dev.steward.testkit.contract.ProcessManagerContract;
import dev.steward.testsupport.lab.LabService;
import dev.steward.testsupport.lab.RequiresLab;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The testkit's contract for the {@code systemd} manager, on the lab host over ssh. The contract's
 * nodes live on host {@code local}; the transport handed to the manager runs what it asks of
 * {@code local} on the lab host instead. Every unit of each test's instance is removed after it.
 */
@RequiresLab(LabService.HOST_CONTAINER)
class SystemdManagerContractIT extends ProcessManagerContract {
  private static LabHost lab;
  private String instance;

  /** Runs after the contract's own clean-up, which stops the nodes but leaves their units. */
  @RegisterExtension
  final AfterEachCallback removeUnits = context -> {
    if (instance != null) {
      lab.removeUnitsOf(instance);
    }
  };

  @BeforeAll
  static void openLab() {
    lab = LabHost.open();
  }

  @AfterAll
  static void closeLab() {
    if (lab != null) {
      lab.close();
    }
  }

  @Override
  protected String providerId() {
    return "systemd";
  }

  @Override
  protected Settings.Builder settings() {
    instance = LabHost.uniqueInstance("contract");
    return Settings.builder()
        .set(CoreSettings.INSTANCE, instance)
        .set(SystemdSettings.START_CHECK, Duration.ofMillis(500));
  }

  @Override
  protected ProcessManager create(Settings.Builder settings) {
    Transport onTheLabHost = new Transport() {
      @Override
      public CommandResult run(String host, Command command) {
        return lab.transport.run(host.equals(ResourceKey.LOCAL) ? lab.address : host, command);
      }
    };
    Settings built = settings.set(ExtensionPoint.PROCESS_MANAGER.selectionSetting(), providerId()).build();
    return ProviderRegistry.discover().create(ExtensionPoint.PROCESS_MANAGER, ProviderContext.of(built, onTheLabHost));
  }

  @Override
  protected void killFromOutside(ProcessStatus running) {
    lab.run("kill", "-KILL", Long.toString(running.pid().orElseThrow(() -> new AssertionError("no pid: " + running))));
  }
}
