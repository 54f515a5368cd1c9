package com.example.embedding;

import dev.steward.Command;
import dev.steward.ResourceKey;
import dev.steward.ResourceRecord;
import dev.steward.Settings;
import dev.steward.StateStore;
import dev.steward.Transport;
import dev.steward.discovery.ExtensionPoint;
import dev.steward.discovery.ProviderRegistry;
import dev.steward.NodeLifecycle;
import java.util.Optional;

/** A tiny tool built on Steward: records a node, checks the host, and moves the node to RUNNING. */
public final class NodeKeeper {
  private NodeKeeper() {}

  public static void main(String[] args) {
    System.out.println(keep("web-1").state());
  }

  /** Creates the node's record, runs a check through the transport and records the outcome. */
  public static ResourceRecord keep(String name) {
    ProviderRegistry providers = ProviderRegistry.discover();
    Settings settings = Settings.builder().set("steward.state-store", "memory").build();
    ResourceKey node = ResourceKey.local("node", name);
    try (StateStore store = providers.create(ExtensionPoint.STATE_STORE, settings);
        Transport transport = providers.create(ExtensionPoint.TRANSPORT, settings)) {
      store.create(node, "node", Optional.empty(), "wanted");
      store.transition(node, NodeLifecycle.CREATING, "creating");
      String kernel = transport.run("local", Command.of("uname", "-s")).requireSuccess().stdout().strip();
      store.updateAttributes(node, java.util.Map.of("kernel", kernel));
      store.transition(node, NodeLifecycle.STARTING, "starting");
      return store.transition(node, NodeLifecycle.RUNNING, "checked " + kernel + " host");
    }
  }
}
