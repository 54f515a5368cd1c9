package dev.steward.process;

import dev.steward.testkit.contract.PluginModuleContract;
import java.util.Map;
import java.util.Set;

/** The built jar is the named module that provides the 'process' manager, found the same way on either path. */
class ModuleDescriptorIT extends PluginModuleContract {
  ModuleDescriptorIT() {
    super("steward-manager-process", "dev.steward.manager.process",
        Map.of("dev.steward.spi.ProcessManagerProvider", Set.of("dev.steward.process.internal.LocalProcessManagerProvider")),
        Set.of("dev.steward.process"));
  }
}
