package dev.steward.proxmox;

import dev.steward.testkit.contract.PluginModuleContract;
import java.util.Map;
import java.util.Set;

/** The built jar is the named module that provides the 'proxmox' probe, found the same way on either path. */
class ModuleDescriptorIT extends PluginModuleContract {
  ModuleDescriptorIT() {
    super("steward-probe-proxmox", "dev.steward.probe.proxmox",
        Map.of("dev.steward.spi.ProbeProvider", Set.of("dev.steward.proxmox.internal.ProxmoxProbeProvider")),
        Set.of("dev.steward.proxmox"));
  }
}
