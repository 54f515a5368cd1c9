package dev.steward.process;

import dev.steward.CoreSettings;
import dev.steward.ProcessManager;
import dev.steward.ProcessSpec;
import dev.steward.ResourceKey;
import dev.steward.Settings;
import dev.steward.Spec;
import dev.steward.discovery.ExtensionPoint;
import dev.steward.discovery.ProviderRegistry;
import java.nio.file.Path;

/** Run as its own JVM: starts one node with a manager found by id, prints its pid, and exits. */
public final class StartNodeInAnotherJvm {
  private StartNodeInAnotherJvm() {}

  /** Arguments: directory, instance, node name, command. */
  public static void main(String[] args) {
    Settings settings = Settings.builder()
        .set(CoreSettings.PROCESS_MANAGER, "process")
        .set(CoreSettings.INSTANCE, args[1])
        .set(ProcessManagerSettings.DIRECTORY, Path.of(args[0]))
        .set(ProcessManagerSettings.START_CHECK, java.time.Duration.ofMillis(200))
        .build();
    try (ProcessManager manager = ProviderRegistry.discover().create(ExtensionPoint.PROCESS_MANAGER, settings)) {
      long pid = manager.start(Spec.of(ResourceKey.local("node", args[2])).with(ProcessSpec.COMMAND, args[3]))
          .pid().orElseThrow();
      System.out.println("pid=" + pid);
    }
  }
}
