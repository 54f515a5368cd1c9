package dev.steward.internal.kind;

import dev.steward.FirewallManager;
import dev.steward.NodeSelector;
import dev.steward.ProcessManager;
import dev.steward.node.Fleets;
import dev.steward.node.NodeKind;
import dev.steward.reconcile.Kind;
import dev.steward.spi.KindProvider;
import dev.steward.spi.ProviderContext;

/**
 * The {@code node} kind: fleets of nodes. Its parts are live objects, so they come in as components
 * of the context: a {@link Fleets}, a {@link ProcessManager} and a {@link NodeSelector}, and
 * optionally a {@link FirewallManager} (none by default).
 */
public final class NodeKindProvider implements KindProvider {
  @Override
  public String id() {
    return "node";
  }

  @Override
  public String description() {
    return "fleets of nodes run by a process manager: scaled, restarted and upgraded within budgets";
  }

  @Override
  public Kind create(ProviderContext context) {
    Fleets fleets = context.require(Fleets.class, "the node kind");
    NodeKind.Builder builder = NodeKind.builder()
        .fleets(fleets::desired)
        .processManager(context.require(ProcessManager.class, "the node kind"))
        .selector(context.require(NodeSelector.class, "the node kind"));
    context.component(FirewallManager.class).ifPresent(builder::firewall);
    return builder.build();
  }
}
