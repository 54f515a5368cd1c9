package dev.steward.proxmox;

import dev.steward.proxmox.internal.ConfigCache;
import dev.steward.proxmox.internal.DiscoveryRun;
import java.util.Objects;

/**
 * Reads a whole Proxmox VE cluster through one {@link ProxmoxClient}, as few requests as it can:
 * <ol>
 *   <li>the cluster-wide views, in one request each: {@code /version}, {@code /cluster/status}
 *       (which nodes are online, live), {@code /cluster/resources} (every node, guest and storage,
 *       answered even for nodes that are down) and {@code /nodes} (certificate fingerprints);
 *   <li>for each node that is online, and only those (calls for other nodes are forwarded by
 *       pveproxy and fail after a delay when the node is down): its status, its live VM and
 *       container lists, its storages, and its task list {@link DiscoveryOptions#taskPageSize()} at
 *       a time, the pages after the first in parallel once the first has told the total;
 *   <li>then each guest's config (reused while unchanged when {@link DiscoveryOptions#configMaxAge()}
 *       allows), each storage's content (a shared storage once) and the logs of recently failed
 *       tasks.
 * </ol>
 * A read that fails is recorded in {@link DiscoveryResult#failures()} and the others go on; the
 * guests of a node that is down or could not be asked are {@link GuestState#UNKNOWN}, and
 * {@link DiscoveryResult#coverage(ResourceType)} says what was seen. Only a failure that dooms
 * every read (credentials refused, certificate not trusted, no cluster view at all) is thrown.
 *
 * <p>Thread-safe. It remembers the configs it read, for reuse; nothing else.
 */
public final class ProxmoxDiscovery {
  private final ProxmoxClient client;
  private final ConfigCache configs = new ConfigCache();

  public ProxmoxDiscovery(ProxmoxClient client) {
    this.client = Objects.requireNonNull(client, "client");
  }

  public ProxmoxClient client() {
    return client;
  }

  /** Reads everything with {@link DiscoveryOptions#defaults()}. */
  public DiscoveryResult discover() {
    return discover(DiscoveryOptions.defaults());
  }

  /**
   * Reads what {@code options} asks for.
   *
   * @throws ProxmoxException when no read can succeed: the credentials or the certificate are
   *     refused, or neither {@code /cluster/status}, {@code /cluster/resources} nor {@code /nodes}
   *     answered
   */
  public DiscoveryResult discover(DiscoveryOptions options) {
    return new DiscoveryRun(client, configs, Objects.requireNonNull(options, "options")).run();
  }
}
