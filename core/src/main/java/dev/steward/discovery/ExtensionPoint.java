package dev.steward.discovery;

import dev.steward.CoreSettings;
import dev.steward.FirewallManager;
import dev.steward.NodeSelector;
import dev.steward.ProcessManager;
import dev.steward.Probe;
import dev.steward.Setting;
import dev.steward.StateStore;
import dev.steward.Transport;
import dev.steward.leader.LeaderElection;
import dev.steward.reconcile.Kind;
import dev.steward.spi.FirewallManagerProvider;
import dev.steward.spi.KindProvider;
import dev.steward.spi.LeaderElectionProvider;
import dev.steward.spi.NodeSelectorProvider;
import dev.steward.spi.ProbeProvider;
import dev.steward.spi.ProcessManagerProvider;
import dev.steward.spi.Provider;
import dev.steward.spi.StateStoreProvider;
import dev.steward.spi.TransportProvider;
import java.util.List;

/**
 * One of Steward's extension points: its provider interface and the setting that names which
 * provider to use.
 *
 * @param <P> the provider interface
 * @param <T> what the providers build
 */
public final class ExtensionPoint<P extends Provider<T>, T> {
  public static final ExtensionPoint<TransportProvider, Transport> TRANSPORT =
      new ExtensionPoint<>("transport", TransportProvider.class, CoreSettings.TRANSPORT);
  public static final ExtensionPoint<ProbeProvider, Probe> PROBE =
      new ExtensionPoint<>("probe", ProbeProvider.class, CoreSettings.PROBE);
  public static final ExtensionPoint<ProcessManagerProvider, ProcessManager> PROCESS_MANAGER =
      new ExtensionPoint<>("process manager", ProcessManagerProvider.class, CoreSettings.PROCESS_MANAGER);
  public static final ExtensionPoint<FirewallManagerProvider, FirewallManager> FIREWALL_MANAGER =
      new ExtensionPoint<>("firewall manager", FirewallManagerProvider.class, CoreSettings.FIREWALL);
  public static final ExtensionPoint<NodeSelectorProvider, NodeSelector> NODE_SELECTOR =
      new ExtensionPoint<>("node selector", NodeSelectorProvider.class, CoreSettings.NODE_SELECTOR);
  public static final ExtensionPoint<StateStoreProvider, StateStore> STATE_STORE =
      new ExtensionPoint<>("state store", StateStoreProvider.class, CoreSettings.STATE_STORE);
  public static final ExtensionPoint<LeaderElectionProvider, LeaderElection> LEADER_ELECTION =
      new ExtensionPoint<>("leader election", LeaderElectionProvider.class, CoreSettings.LEADER_ELECTION);

  public static final ExtensionPoint<KindProvider, Kind> KIND =
      new ExtensionPoint<>("kind", KindProvider.class, CoreSettings.KIND);

  private static final List<ExtensionPoint<?, ?>> ALL =
      List.of(TRANSPORT, PROBE, PROCESS_MANAGER, FIREWALL_MANAGER, NODE_SELECTOR, STATE_STORE, LEADER_ELECTION, KIND);

  private final String name;
  private final Class<P> providerType;
  private final Setting<String> selection;

  private ExtensionPoint(String name, Class<P> providerType, Setting<String> selection) {
    this.name = name;
    this.providerType = providerType;
    this.selection = selection;
  }

  /** Every extension point, in a stable order. */
  public static List<ExtensionPoint<?, ?>> all() {
    return ALL;
  }

  /** Lowercase words for messages, e.g. {@code "process manager"}. */
  public String name() {
    return name;
  }

  public Class<P> providerType() {
    return providerType;
  }

  /** The setting that names the provider to use, e.g. {@code steward.transport}. */
  public Setting<String> selectionSetting() {
    return selection;
  }

  @Override
  public String toString() {
    return providerType.getSimpleName();
  }
}
