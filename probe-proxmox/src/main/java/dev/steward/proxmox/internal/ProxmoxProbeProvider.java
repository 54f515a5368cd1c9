package dev.steward.proxmox.internal;

import dev.steward.Probe;
import dev.steward.Setting;
import dev.steward.proxmox.ProxmoxProbe;
import dev.steward.proxmox.ProxmoxSettings;
import dev.steward.spi.ProbeProvider;
import dev.steward.spi.ProviderContext;
import java.util.List;

/** The {@code proxmox} probe: observes a Proxmox VE cluster's nodes, guests, storage and tasks over its API. */
public final class ProxmoxProbeProvider implements ProbeProvider {
  @Override
  public String id() {
    return "proxmox";
  }

  @Override
  public String description() {
    return "observes a Proxmox VE cluster over its API (hosts are node names): nodes, VMs and containers with configs, storage "
        + "and content, tasks and failed tasks' logs";
  }

  @Override
  public List<Setting<?>> settings() {
    return ProxmoxSettings.all();
  }

  @Override
  public Probe create(ProviderContext context) {
    // Builds the client (reading the secret's file or variable) but connects nowhere: the first observation does.
    return ProxmoxProbe.create(ClientSettings.builder(context.settings(), System.getenv()).build(),
        ClientSettings.discoveryOptions(context.settings()));
  }
}
