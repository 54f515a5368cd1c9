package dev.steward.docker;

import dev.steward.testkit.contract.PluginModuleContract;
import java.util.Map;
import java.util.Set;

/** The built jar is the named module that provides the 'docker' manager, found the same way on either path. */
class ModuleDescriptorIT extends PluginModuleContract {
  ModuleDescriptorIT() {
    super("steward-manager-docker", "dev.steward.manager.docker",
        Map.of("dev.steward.spi.ProcessManagerProvider", Set.of("dev.steward.docker.internal.DockerProcessManagerProvider")),
        Set.of("dev.steward.docker"));
  }
}
