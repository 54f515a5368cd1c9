package dev.steward.firewall.ufw;

import dev.steward.testkit.contract.PluginModuleContract;
import java.util.Map;
import java.util.Set;

/** The built jar is the named module that provides the 'ufw' firewall manager, found the same way on either path. */
class ModuleDescriptorIT extends PluginModuleContract {
  @Override
  protected String artifactId() {
    return "steward-firewall-ufw";
  }

  @Override
  protected String moduleName() {
    return "dev.steward.firewall.ufw";
  }

  @Override
  protected Map<String, Set<String>> providers() {
    return Map.of("dev.steward.spi.FirewallManagerProvider", Set.of("dev.steward.firewall.ufw.internal.UfwFirewallManagerProvider"));
  }

  @Override
  protected Set<String> exportedPackages() {
    return Set.of("dev.steward.firewall.ufw");
  }
}
