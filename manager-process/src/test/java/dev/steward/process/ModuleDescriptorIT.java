package dev.steward.process;

import dev.steward.testkit.contract.PluginModuleContract;
import java.util.Map;
import java.util.Set;

/** The built jar is the named module that provides the 'process' manager, found the same way on either path. */
class ModuleDescriptorIT extends PluginModuleContract {
  @Override
  protected String artifactId() {
    return "steward-manager-process";
  }

  @Override
  protected String moduleName() {
    return "dev.steward.manager.process";
  }

  @Override
  protected Map<String, Set<String>> providers() {
    return Map.of("dev.steward.spi.ProcessManagerProvider", Set.of("dev.steward.process.internal.LocalProcessManagerProvider"));
  }

  @Override
  protected Set<String> exportedPackages() {
    return Set.of("dev.steward.process");
  }
}
