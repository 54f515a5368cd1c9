package dev.steward.testkit.builtin;

import dev.steward.CoreSettings;
import dev.steward.NodeSelector;
import dev.steward.Observation;
import dev.steward.ObservedResource;
import dev.steward.ProcessManager;
import dev.steward.ProcessSpec;
import dev.steward.ResourceKey;
import dev.steward.ResourceRecord;
import dev.steward.Settings;
import dev.steward.Spec;
import dev.steward.discovery.ExtensionPoint;
import dev.steward.discovery.ProviderRegistry;
import dev.steward.NodeLifecycle;
import dev.steward.node.DesiredFleet;
import dev.steward.node.Fleets;
import dev.steward.spi.ProviderContext;
import dev.steward.testkit.InMemoryProcessManager;
import dev.steward.testkit.contract.KindContract;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The built-in {@code node} kind: a fleet of four on this machine at version 2.0, of which web-1
 * runs 1.0 (an upgrade), web-2 failed (a start) and web-3 and web-4 are missing (two additions).
 */
class NodeKindContractTest extends KindContract {
  private static final DesiredFleet WEB = new DesiredFleet("web", ResourceKey.LOCAL, 4, "2.0",
      Map.of(ProcessSpec.COMMAND, "serve --name {name}"), OptionalInt.empty());

  @Override
  protected String providerId() {
    return "node";
  }

  @Override
  protected ProviderContext context(Settings settings) {
    NodeSelector youngest = ProviderRegistry.discover().create(ExtensionPoint.NODE_SELECTOR,
        Settings.builder().set(CoreSettings.NODE_SELECTOR, "youngest").build());
    return super.context(settings)
        .with(Fleets.class, () -> List.of(WEB))
        .with(ProcessManager.class, new InMemoryProcessManager())
        .with(NodeSelector.class, youngest);
  }

  @Override
  protected List<ResourceRecord> records() {
    ResourceKey web1 = WEB.nodeKey(1);
    Spec old = new Spec(web1, Map.of(ProcessSpec.COMMAND, "serve --name web-1", ProcessSpec.VERSION, "1.0"));
    return List.of(
        record(web1, NodeLifecycle.RUNNING, Optional.of(old), Map.of()),
        record(WEB.nodeKey(2), NodeLifecycle.FAILED, Optional.of(WEB.specFor(2)), Map.of()));
  }

  @Override
  protected Observation observe(String host, Instant at) {
    if (!host.equals(WEB.host())) {
      return super.observe(host, at);
    }
    return Observation.reached(host, at, List.of(ObservedResource.of(WEB.nodeKey(1))), CALM);
  }
}
