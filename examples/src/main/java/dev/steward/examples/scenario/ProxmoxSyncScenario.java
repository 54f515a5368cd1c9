package dev.steward.examples.scenario;

import dev.steward.ChangeQuery;
import dev.steward.CoreSettings;
import dev.steward.InventoryLifecycle;
import dev.steward.ResourceChange;
import dev.steward.ResourceKey;
import dev.steward.ResourceRecord;
import dev.steward.Settings;
import dev.steward.StateStore;
import dev.steward.StewardException;
import dev.steward.discovery.ExtensionPoint;
import dev.steward.examples.inventory.ChangeText;
import dev.steward.proxmox.ApiToken;
import dev.steward.proxmox.DiscoveryOptions;
import dev.steward.proxmox.Fingerprint;
import dev.steward.proxmox.InventorySync;
import dev.steward.proxmox.ProxmoxClient;
import dev.steward.proxmox.ProxmoxDiscovery;
import dev.steward.proxmox.ProxmoxInventory;
import dev.steward.proxmox.ProxmoxResources;
import dev.steward.proxmox.Secret;
import dev.steward.proxmox.simulator.GuestSummary;
import dev.steward.proxmox.simulator.GuestType;
import dev.steward.proxmox.simulator.ProxmoxSimulator;
import dev.steward.store.FileStoreSettings;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * {@code proxmox-sync}: a Proxmox VE cluster's inventory with the history of every change. A
 * simulated cluster of 3 nodes (HTTPS, a self-signed certificate pinned by its fingerprint, an API
 * token) is synced into a state store; then a VM migrates, a container's memory is raised, a VM is
 * deleted and a node goes down, and after each step the changes the sync recorded are listed and
 * checked: exactly those, and a node down leaves its guests UNKNOWN, never removed. Stateless.
 */
public final class ProxmoxSyncScenario implements Scenario {
  private static final String TOKEN_ID = "steward@pve!inventory";
  private static final String TOKEN_SECRET = "0b9c2f4e-8d31-4a7c-b5e6-3f2a1c9d7e80";

  @Override
  public String name() {
    return "proxmox-sync";
  }

  @Override
  public String description() {
    return "syncs a simulated Proxmox VE cluster into a store and lists what each change to it recorded: "
        + "a VM migrated, memory raised, a VM deleted, a node down (its guests UNKNOWN, not removed)";
  }

  @Override
  public void run(ScenarioContext context) {
    PrintWriter out = context.out();
    Settings.Builder builder = context.settings().toBuilder();
    String where;
    String dir = "DIR";
    if (context.directory().isPresent()) {
      dir = context.directory().get().resolve("inventory").toString();
      builder.set(CoreSettings.STATE_STORE, "file").set(FileStoreSettings.DIRECTORY, context.directory().get().resolve("inventory"));
      where = "the file store in " + context.directory().get().resolve("inventory");
    } else {
      builder.set(CoreSettings.STATE_STORE, "memory");
      where = "a memory store";
    }
    Settings settings = builder.build();
    try (ProxmoxSimulator pve = ProxmoxSimulator.builder().nodes(3).guests(8, 4).storages(2).tasksPerNode(10).seed(15)
            .token(TOKEN_ID, TOKEN_SECRET).authDelay(Duration.ofMillis(50)).unreachableDelay(Duration.ofMillis(50))
            .timeoutDelay(Duration.ofMillis(100)).start();
        StateStore store = context.registry().create(ExtensionPoint.STATE_STORE, settings)) {
      ProxmoxClient client = ProxmoxClient.builder(pve.baseUri().toString())
          .credentials(new ApiToken(TOKEN_ID, Secret.of(TOKEN_SECRET)))
          .pin(Fingerprint.parse(pve.fingerprint()))
          .build();
      ProxmoxInventory inventory = ProxmoxInventory.of(new ProxmoxDiscovery(client), store, Clock.systemUTC(), Duration.ofDays(30));
      new Story(out, pve, inventory, store).play(where, dir);
    }
  }

  /** The steps, with what each must record. */
  private static final class Story {
    private final PrintWriter out;
    private final ProxmoxSimulator pve;
    private final ProxmoxInventory inventory;
    private final StateStore store;
    private final DiscoveryOptions options = DiscoveryOptions.defaults();

    Story(PrintWriter out, ProxmoxSimulator pve, ProxmoxInventory inventory, StateStore store) {
      this.out = out;
      this.pve = pve;
      this.inventory = inventory;
      this.store = store;
    }

    void play(String where, String dir) {
      out.println("A Proxmox VE cluster (simulated: " + pve.nodes().size() + " nodes, " + pve.guests().size()
          + " guests, HTTPS at " + pve.baseUri() + " with a self-signed certificate)");
      out.println("is read with an API token, its certificate pinned by fingerprint, and kept in " + where + ".");
      out.println("Each sync records, per resource, whether it was added, removed, or which fields changed.");

      heading("1. The first sync adds everything it finds");
      InventorySync first = inventory.sync(options);
      Map<String, Integer> byKind = new TreeMap<>();
      first.changes().forEach(c -> byKind.merge(c.key().kind(), 1, Integer::sum));
      byKind.forEach((kind, n) -> out.println(String.format("   %-12s %3d added", kind, n)));
      summary(first);
      expect(first.changes().stream().allMatch(c -> c.type() == ResourceChange.Type.ADDED) && first.unseen().isEmpty(),
          "the first sync only adds, and sees everything");
      expect(byKind.getOrDefault(ProxmoxResources.KIND_QEMU, 0) + byKind.getOrDefault(ProxmoxResources.KIND_LXC, 0) == pve.guests().size()
          && byKind.getOrDefault(ProxmoxResources.KIND_NODE, 0) == 3, "every node and guest is added");

      heading("2. Nothing changed: a sync records nothing (uptimes and usage are not part of the inventory)");
      InventorySync same = inventory.sync(options);
      summary(same);
      expect(same.changes().isEmpty(), "an unchanged cluster records no change");

      GuestSummary vm = first(GuestType.QEMU, "pve1");
      ResourceKey vmKey = key(ProxmoxResources.KIND_QEMU, vm.vmid());
      heading("3. VM " + vm.vmid() + " (" + vm.name() + ") migrates from pve1 to pve2");
      pve.migrate(vm.vmid(), "pve2");
      InventorySync migrated = show(inventory.sync(options));
      expect(migrated.changes().stream().anyMatch(c -> c.key().equals(vmKey) && c.type() == ResourceChange.Type.CHANGED
          && c.fields().containsKey("node") && c.fields().get("node").after().equals(Optional.of("pve2"))),
          vmKey + " is recorded as moved to pve2");
      expect(migrated.changes().stream().anyMatch(c -> c.key().kind().equals(ProxmoxResources.KIND_TASK)
          && c.type() == ResourceChange.Type.ADDED), "the migration's task is added");

      GuestSummary ct = first(GuestType.LXC, "pve2");
      ResourceKey ctKey = key(ProxmoxResources.KIND_LXC, ct.vmid());
      heading("4. Container " + ct.vmid() + " (" + ct.name() + ") gets " + ct.memoryMb() * 2 + " MiB instead of " + ct.memoryMb());
      pve.setMemory(ct.vmid(), ct.memoryMb() * 2);
      InventorySync raised = show(inventory.sync(options));
      expect(raised.changes().size() == 1 && raised.changes().get(0).key().equals(ctKey)
          && raised.changes().get(0).fields().get("config.memory").after().equals(Optional.of(Long.toString(ct.memoryMb() * 2))),
          "exactly one change: " + ctKey + "'s memory, old and new");

      heading("5. VM " + vm.vmid() + " is deleted");
      pve.deleteGuest(vm.vmid());
      InventorySync deleted = show(inventory.sync(options));
      expect(deleted.changes().stream().filter(c -> c.type() == ResourceChange.Type.REMOVED).map(ResourceChange::key).toList()
          .equals(List.of(vmKey)), "exactly " + vmKey + " is removed, with its last values");
      expect(store.get(vmKey).state().equals(InventoryLifecycle.REMOVED), vmKey + "'s record is REMOVED");

      List<GuestSummary> onPve3 = pve.guests().stream().filter(g -> g.node().equals("pve3")).toList();
      heading("6. Node pve3 goes down (its API answers 595); it had " + onPve3.size() + " guests");
      pve.markNodeDown("pve3");
      InventorySync down = show(inventory.sync(options));
      expect(down.changes().size() == 1 && down.changes().get(0).key().equals(key(ProxmoxResources.KIND_NODE, "pve3"))
          && down.changes().get(0).fields().get("state").after().equals(Optional.of("offline")),
          "the only change is pve3's state, online -> offline");
      for (GuestSummary guest : onPve3) {
        ResourceKey guestKey = key(guest.type() == GuestType.QEMU ? ProxmoxResources.KIND_QEMU : ProxmoxResources.KIND_LXC, guest.vmid());
        expect(store.get(guestKey).state().equals(InventoryLifecycle.UNKNOWN), guestKey + " is UNKNOWN, not removed");
      }

      heading("7. The history, as an embedder reads it (StateStore.changes)");
      out.println("   ChangeQuery.all().resource(" + ctKey + "):");
      List<ResourceChange> ofCt = store.changes(ChangeQuery.all().resource(ctKey));
      ChangeText.printTable(ofCt, out);
      out.println("   ChangeQuery.all().types(REMOVED):");
      List<ResourceChange> removed = store.changes(ChangeQuery.all().types(ResourceChange.Type.REMOVED));
      ChangeText.printTable(removed, out);
      expect(ofCt.stream().map(ResourceChange::type).toList().equals(List.of(ResourceChange.Type.ADDED, ResourceChange.Type.CHANGED)),
          ctKey + "'s history is: added, then its memory changed");
      expect(removed.stream().map(ResourceChange::key).toList().equals(List.of(vmKey)), "the only removal is " + vmKey);
      long unknown = inventory.records().stream().filter(r -> r.state().equals(InventoryLifecycle.UNKNOWN)).count();
      out.println();
      out.println("The inventory holds " + inventory.records().size() + " records: " + unknown + " UNKNOWN (on pve3), "
          + inventory.records().stream().filter(r -> r.state().equals(InventoryLifecycle.REMOVED)).count() + " REMOVED, the rest PRESENT.");
      out.println("From the shell: steward inventory list --dir " + dir + ", steward inventory changes --dir " + dir
          + " [--since 1h] [--resource KEY] [--json]; 'steward inventory sync' reads a real cluster (steward inventory --help).");
    }

    private InventorySync show(InventorySync sync) {
      if (sync.changes().isEmpty()) {
        out.println("   (no change)");
      } else {
        ChangeText.printTable(sync.changes(), out);
      }
      sync.unseen().forEach((key, why) -> out.println("   unknown  " + key + "  " + why));
      summary(sync);
      return sync;
    }

    private void summary(InventorySync sync) {
      out.println("   -> " + sync.count(ResourceChange.Type.ADDED) + " added, " + sync.count(ResourceChange.Type.CHANGED) + " changed, "
          + sync.count(ResourceChange.Type.REMOVED) + " removed, " + sync.unseen().size() + " unknown; "
          + sync.requests().requests() + " requests");
    }

    private GuestSummary first(GuestType type, String node) {
      return pve.guests().stream().filter(g -> g.type() == type && g.node().equals(node) && !g.template()).findFirst()
          .orElseThrow(() -> new StewardException("The simulated cluster has no " + type + " guest on " + node));
    }

    private ResourceKey key(String kind, Object name) {
      return ResourceKey.of(kind, name.toString(), inventory.cluster());
    }

    private void heading(String title) {
      out.println();
      out.println(title);
    }

    private void expect(boolean condition, String promise) {
      if (!condition) {
        throw new StewardException("The proxmox-sync scenario expected that " + promise + ", and it did not hold.");
      }
    }
  }
}
