package dev.steward.systemd;

import dev.steward.testkit.contract.PluginModuleContract;
import java.util.Map;
import java.util.Set;

/** The built jar is the named module that provides the 'systemd' manager, found the same way on either path. */
class ModuleDescriptorIT extends PluginModuleContract {
  ModuleDescriptorIT() {
    super("steward-manager-systemd", "dev.steward.manager.systemd",
        Map.of("dev.steward.spi.ProcessManagerProvider", Set.of("dev.steward.systemd.internal.SystemdProcessManagerProvider")),
        Set.of("dev.steward.systemd"));
  }
}
