package dev.steward.mount;

import dev.steward.testkit.contract.PluginModuleContract;
import java.util.Map;
import java.util.Set;

/** The built jar is the named module that provides the 'project' kind, found the same way on either path. */
class ModuleDescriptorIT extends PluginModuleContract {
  @Override
  protected String artifactId() {
    return "steward-kind-mount";
  }

  @Override
  protected String moduleName() {
    return "dev.steward.mount";
  }

  @Override
  protected Map<String, Set<String>> providers() {
    return Map.of("dev.steward.spi.KindProvider", Set.of("dev.steward.mount.internal.MountKindProvider"));
  }

  @Override
  protected Set<String> exportedPackages() {
    return Set.of("dev.steward.mount");
  }
}
