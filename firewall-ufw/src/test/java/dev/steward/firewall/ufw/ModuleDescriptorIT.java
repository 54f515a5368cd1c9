package dev.steward.firewall.ufw;

import dev.steward.testkit.contract.PluginModuleContract;
import java.util.Map;
import java.util.Set;

/** The built jar is the named module that provides the 'ufw' firewall manager, found the same way on either path. */
class ModuleDescriptorIT extends PluginModuleContract {
  ModuleDescriptorIT() {
    super("steward-firewall-ufw", "dev.steward.firewall.ufw",
        Map.of("dev.steward.spi.FirewallManagerProvider", Set.of("dev.steward.firewall.ufw.internal.UfwFirewallManagerProvider")),
        Set.of("dev.steward.firewall.ufw"));
  }
}
