/**
 * Steward core: the API, the SPI, provider discovery, lifecycles, migrations and the built-in
 * providers ({@code local} transport, {@code none} firewall, {@code memory} and {@code file} stores, the node
 * selectors).
 */
module dev.steward.core {
  // Not transitive: no Jackson type is in a public signature, so embedders are not tied to Jackson 2.
  requires com.fasterxml.jackson.databind;
  requires org.slf4j;
  // SO_PEERCRED: the status socket checks the user of each client.
  requires jdk.net;
  // sun.misc.Unsafe.invokeCleaner: the file store unmaps its lock file when it closes.
  requires jdk.unsupported;

  exports dev.steward;
  exports dev.steward.spi;
  exports dev.steward.spi.support;
  exports dev.steward.spi.http;
  exports dev.steward.discovery;
  exports dev.steward.migration;
  exports dev.steward.store;
  exports dev.steward.observe;
  exports dev.steward.drift;
  exports dev.steward.plan;
  exports dev.steward.reconcile;
  exports dev.steward.node;
  exports dev.steward.status;
  exports dev.steward.leader;
  // The process table the local probe reads, shared with the process manager and no one else.
  exports dev.steward.internal.proc to dev.steward.manager.process;
  // The change feed's rules (ChangeFeed), shared with the postgres store so both stores keep one feed.
  exports dev.steward.internal.store to dev.steward.store.postgres;
  // An election's name and candidate from settings (Candidates), shared with the postgres election.
  exports dev.steward.internal.election to dev.steward.store.postgres;
  // The document the whole state moves in between stores (StateExchange), so both stores write one format.
  exports dev.steward.internal.store.file to dev.steward.store.postgres;

  uses dev.steward.spi.TransportProvider;
  uses dev.steward.spi.ProbeProvider;
  uses dev.steward.spi.ProcessManagerProvider;
  uses dev.steward.spi.FirewallManagerProvider;
  uses dev.steward.spi.NodeSelectorProvider;
  uses dev.steward.spi.StateStoreProvider;
  uses dev.steward.spi.KindProvider;
  uses dev.steward.spi.LeaderElectionProvider;

  provides dev.steward.spi.TransportProvider with dev.steward.internal.transport.LocalTransportProvider;
  provides dev.steward.spi.ProbeProvider with dev.steward.internal.probe.LocalProbeProvider;
  provides dev.steward.spi.FirewallManagerProvider with dev.steward.internal.firewall.NoFirewallProvider;
  provides dev.steward.spi.StateStoreProvider with
      dev.steward.internal.store.MemoryStateStoreProvider,
      dev.steward.internal.store.file.FileStateStoreProvider;
  provides dev.steward.spi.LeaderElectionProvider with dev.steward.internal.election.FileLeaderElectionProvider;
  provides dev.steward.spi.KindProvider with dev.steward.internal.kind.NodeKindProvider;
  provides dev.steward.spi.NodeSelectorProvider with
      dev.steward.internal.selector.SelectorProviders.Youngest,
      dev.steward.internal.selector.SelectorProviders.Oldest,
      dev.steward.internal.selector.SelectorProviders.LeastRecords,
      dev.steward.internal.selector.SelectorProviders.MostShunned;
}
