package dev.steward.testkit.builtin;

import dev.steward.CoreSettings;
import dev.steward.ProcessSpec;
import dev.steward.ResourceKey;
import dev.steward.Settings;
import dev.steward.testkit.contract.ProbeContract;
import java.io.IOException;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

class LocalProbeContractTest extends ProbeContract {
  private static final String INSTANCE = "probe-contract-" + ProcessHandle.current().pid();
  private Process node;

  @BeforeEach
  void startANode() throws IOException {
    ProcessBuilder builder = new ProcessBuilder("sleep", "600");
    builder.environment().put(ProcessSpec.ENV_INSTANCE, INSTANCE);
    builder.environment().put(ProcessSpec.ENV_RESOURCE, "node/contract-1");
    node = builder.start();
  }

  @AfterEach
  void stopTheNode() throws InterruptedException {
    node.destroyForcibly().waitFor();
  }

  @Override
  protected String providerId() {
    return "local";
  }

  @Override
  protected Settings.Builder settings() {
    return Settings.builder().set(CoreSettings.INSTANCE, INSTANCE);
  }

  @Override
  protected String reachableHost() {
    return ResourceKey.LOCAL;
  }

  @Override
  protected String unreachableHost() {
    return "elsewhere.example.com";
  }

  @Override
  protected ResourceKey presentResource() {
    return ResourceKey.local("node", "contract-1");
  }

  @Override
  protected Set<String> stableAttributes() {
    return Set.of("pid", "start_ticks", "command");
  }

  @Override
  protected boolean readsMetrics() {
    return true;
  }
}
