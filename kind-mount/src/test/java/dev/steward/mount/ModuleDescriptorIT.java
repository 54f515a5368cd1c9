package dev.steward.mount;

import dev.steward.testkit.contract.PluginModuleContract;
import java.util.Map;
import java.util.Set;

/** The built jar is the named module that provides the 'project' kind, found the same way on either path. */
class ModuleDescriptorIT extends PluginModuleContract {
  ModuleDescriptorIT() {
    super("steward-kind-mount", "dev.steward.mount",
        Map.of("dev.steward.spi.KindProvider", Set.of("dev.steward.mount.internal.MountKindProvider")),
        Set.of("dev.steward.mount"));
  }
}
