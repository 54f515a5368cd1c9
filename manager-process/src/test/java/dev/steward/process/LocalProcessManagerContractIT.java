package dev.steward.process;

import dev.steward.CoreSettings;
import dev.steward.Settings;
import dev.steward.testkit.NodeProcesses;
import dev.steward.testkit.contract.ProcessManagerContract;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class LocalProcessManagerContractIT extends ProcessManagerContract {
  private final String instance = "procmgr-contract-" + UUID.randomUUID().toString().substring(0, 8);

  /** Runs after the contract's own clean-up: not one process of this test may be left. */
  @RegisterExtension
  final AfterEachCallback noProcessLeft = context -> NodeProcesses.assertNoneLeft(instance);

  @TempDir
  Path dir;

  @Override
  protected String providerId() {
    return "process";
  }

  @Override
  protected Settings.Builder settings() {
    return Settings.builder()
        .set(CoreSettings.INSTANCE, instance)
        .set(ProcessManagerSettings.DIRECTORY, dir.resolve("processes"))
        .set(ProcessManagerSettings.START_CHECK, Duration.ofMillis(300));
  }
}
