package dev.steward.proxmox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.steward.ChangeQuery;
import dev.steward.CoreSettings;
import dev.steward.InventoryLifecycle;
import dev.steward.ResourceChange;
import dev.steward.ResourceKey;
import dev.steward.ResourceRecord;
import dev.steward.Settings;
import dev.steward.proxmox.simulator.GuestSummary;
import dev.steward.proxmox.simulator.GuestType;
import dev.steward.proxmox.simulator.ProxmoxSimulator;
import dev.steward.store.FileStateStore;
import dev.steward.store.FileStoreSettings;
import dev.steward.testsupport.MutableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The inventory of a simulated cluster in a real file store, synced after each change to the
 * cluster: what each change records, and what a node going down does not.
 */
class InventoryIT {
  private final MutableClock clock = MutableClock.startingAtEpochOf2026();
  private final Pve.RecordingSleeper sleeper = new Pve.RecordingSleeper(clock);

  @TempDir
  Path dir;

  private FileStateStore store() {
    return FileStateStore.open(Settings.builder().set(FileStoreSettings.DIRECTORY, dir).clock(clock).build());
  }

  private static ResourceKey key(String kind, String name, ProxmoxSimulator pve) {
    return ResourceKey.of(kind, name, ProxmoxInventory.clusterOf(pve.baseUri().toString()));
  }

  private static GuestSummary first(ProxmoxSimulator pve, GuestType type, String node) {
    return pve.guests().stream().filter(g -> g.type() == type && g.node().equals(node) && !g.template()).findFirst().orElseThrow();
  }

  @Test
  @DisplayName("first sync adds everything; an unchanged cluster records and writes nothing; migration, memory and deletion are recorded; a node down leaves its guests UNKNOWN")
  void syncsRecordEveryChange() {
    try (ProxmoxSimulator pve = Pve.simulator(clock).nodes(3).guests(12).storages(2).tasksPerNode(5).start();
        FileStateStore store = store()) {
      ProxmoxInventory inventory = ProxmoxInventory.of(new ProxmoxDiscovery(Pve.client(pve, clock, sleeper).build()), store, clock,
          Duration.ofDays(30));
      DiscoveryOptions options = DiscoveryOptions.defaults();

      InventorySync first = inventory.sync(options);
      assertThat(first.failures()).isEmpty();
      assertThat(first.unseen()).isEmpty();
      assertThat(first.changes()).allSatisfy(c -> assertThat(c.type()).isEqualTo(ResourceChange.Type.ADDED));
      assertThat(first.changes()).hasSize(3 + pve.guests().size() + 3 * 2 + 3 * 5);
      assertThat(inventory.records()).hasSize(first.changes().size())
          .allSatisfy(r -> assertThat(r.state()).isEqualTo(InventoryLifecycle.PRESENT));

      clock.advance(Duration.ofMinutes(10));
      pve.advanceClock(Duration.ofMinutes(10)); // uptimes grow: not a change
      long serial = store.serial();
      InventorySync same = inventory.sync(options);
      assertThat(same.changes()).isEmpty();
      assertThat(store.serial()).as("an unchanged cluster writes nothing").isEqualTo(serial);

      GuestSummary vm = first(pve, GuestType.QEMU, "pve1");
      ResourceKey vmKey = key(ProxmoxResources.KIND_QEMU, Integer.toString(vm.vmid()), pve);
      clock.advance(Duration.ofMinutes(1));
      String migration = pve.migrate(vm.vmid(), "pve2");
      InventorySync migrated = inventory.sync(options);
      assertThat(migrated.changes()).filteredOn(c -> c.key().equals(vmKey)).singleElement().satisfies(c -> {
        assertThat(c.type()).isEqualTo(ResourceChange.Type.CHANGED);
        assertThat(c.at()).isEqualTo(clock.instant());
        assertThat(c.fields().get("node")).isEqualTo(new ResourceChange.FieldChange(Optional.of("pve1"), Optional.of("pve2")));
      });
      assertThat(migrated.changes()).filteredOn(c -> c.key().kind().equals(ProxmoxResources.KIND_TASK)).singleElement()
          .satisfies(c -> assertThat(c.fields().get("upid").after()).hasValue(migration));
      // Its disks moved with it: the volume counts of the storages on both nodes changed, and nothing else.
      assertThat(migrated.changes()).filteredOn(c -> c.key().kind().equals(ProxmoxResources.KIND_STORAGE)).isNotEmpty()
          .allSatisfy(c -> assertThat(c.fields()).containsOnlyKeys("volumes"));
      assertThat(migrated.changes()).filteredOn(c -> !c.key().kind().equals(ProxmoxResources.KIND_STORAGE)).hasSize(2);

      GuestSummary ct = first(pve, GuestType.LXC, "pve2");
      ResourceKey ctKey = key(ProxmoxResources.KIND_LXC, Integer.toString(ct.vmid()), pve);
      clock.advance(Duration.ofMinutes(1));
      pve.setMemory(ct.vmid(), ct.memoryMb() * 2);
      InventorySync raised = inventory.sync(options);
      assertThat(raised.changes()).singleElement().satisfies(c -> {
        assertThat(c.key()).isEqualTo(ctKey);
        assertThat(c.fields()).containsOnlyKeys("config.memory", "maxmem");
        assertThat(c.fields().get("config.memory")).isEqualTo(new ResourceChange.FieldChange(
            Optional.of(Long.toString(ct.memoryMb())), Optional.of(Long.toString(ct.memoryMb() * 2))));
      });

      clock.advance(Duration.ofMinutes(1));
      ResourceRecord before = store.get(vmKey);
      pve.deleteGuest(vm.vmid());
      InventorySync deleted = inventory.sync(options);
      assertThat(deleted.changes()).filteredOn(c -> c.key().equals(vmKey)).singleElement().satisfies(c -> {
        assertThat(c.type()).isEqualTo(ResourceChange.Type.REMOVED);
        assertThat(c.fields()).hasSameSizeAs(before.attributes());
        assertThat(c.fields().get("node").before()).hasValue("pve2");
      });
      assertThat(store.get(vmKey).state()).isEqualTo(InventoryLifecycle.REMOVED);

      clock.advance(Duration.ofMinutes(1));
      List<GuestSummary> onPve3 = pve.guests().stream().filter(g -> g.node().equals("pve3")).toList();
      assertThat(onPve3).isNotEmpty();
      pve.markNodeDown("pve3");
      InventorySync down = inventory.sync(options);
      assertThat(down.changes()).singleElement().satisfies(c -> {
        assertThat(c.key()).isEqualTo(key(ProxmoxResources.KIND_NODE, "pve3", pve));
        assertThat(c.fields()).containsKey("state");
        assertThat(c.fields().get("state")).isEqualTo(new ResourceChange.FieldChange(Optional.of("online"), Optional.of("offline")));
      });
      for (GuestSummary guest : onPve3) {
        ResourceKey guestKey = key(guest.type() == GuestType.QEMU ? ProxmoxResources.KIND_QEMU : ProxmoxResources.KIND_LXC,
            Integer.toString(guest.vmid()), pve);
        assertThat(store.get(guestKey).state()).isEqualTo(InventoryLifecycle.UNKNOWN);
        assertThat(store.get(guestKey).reason()).startsWith("not seen: ").contains("pve3");
        assertThat(down.unseen()).containsKey(guestKey);
      }
      assertThat(store.changes(ChangeQuery.all().types(ResourceChange.Type.REMOVED))).extracting(ResourceChange::key)
          .containsExactly(vmKey);

      clock.advance(Duration.ofMinutes(1));
      pve.bringNodeUp("pve3");
      InventorySync up = inventory.sync(options);
      assertThat(up.changes()).extracting(ResourceChange::key).containsExactly(key(ProxmoxResources.KIND_NODE, "pve3", pve));
      assertThat(up.unseen()).isEmpty();
      assertThat(inventory.records()).filteredOn(r -> !r.key().equals(vmKey))
          .allSatisfy(r -> assertThat(r.state()).isEqualTo(InventoryLifecycle.PRESENT));

      assertThat(inventory.changes(ChangeQuery.all().resource(ctKey))).extracting(ResourceChange::type)
          .containsExactly(ResourceChange.Type.ADDED, ResourceChange.Type.CHANGED);
      assertThat(inventory.changes(ChangeQuery.all().since(clock.instant().minus(Duration.ofMinutes(1))))).extracting(c -> c.fields().get("state").after().orElseThrow())
          .containsExactly("offline", "online");
    }
  }

  @Test
  @DisplayName("a sync whose discovery fails as a whole writes nothing")
  void aFailedDiscoveryWritesNothing() {
    try (ProxmoxSimulator pve = Pve.simulator(clock).nodes(2).guests(4).tasksPerNode(2).start();
        FileStateStore store = store()) {
      ProxmoxInventory good = ProxmoxInventory.of(new ProxmoxDiscovery(Pve.client(pve, clock, sleeper).build()), store, clock,
          Duration.ofDays(30));
      good.sync(DiscoveryOptions.defaults());
      long serial = store.serial();
      ProxmoxInventory refused = ProxmoxInventory.of(new ProxmoxDiscovery(Pve.client(pve, clock, sleeper)
          .credentials(new ApiToken(Pve.TOKEN_ID, Secret.of("wrong"))).build()), store, clock, Duration.ofDays(30));

      assertThatThrownBy(() -> refused.sync(DiscoveryOptions.defaults())).isInstanceOf(ProxmoxAuthenticationException.class);
      assertThat(store.serial()).isEqualTo(serial);
      assertThat(good.records()).allSatisfy(r -> assertThat(r.state()).isEqualTo(InventoryLifecycle.PRESENT));
    }
  }

  @Test
  @DisplayName("tasks that leave the task list are not removed; their records go once older than the retention")
  void tasksAgeOut() {
    try (ProxmoxSimulator pve = Pve.simulator(clock).nodes(1).guests(2).tasksPerNode(3).start();
        FileStateStore store = store()) {
      ProxmoxInventory inventory = ProxmoxInventory.of(new ProxmoxDiscovery(Pve.client(pve, clock, sleeper).build()), store, clock,
          Duration.ofDays(1));
      inventory.sync(DiscoveryOptions.defaults());
      List<ResourceRecord> tasks = inventory.records().stream().filter(r -> r.key().kind().equals(ProxmoxResources.KIND_TASK)).toList();
      assertThat(tasks).hasSize(3);

      clock.advance(Duration.ofDays(2));
      pve.advanceClock(Duration.ofDays(2));
      String fresh = pve.startTask("pve1", "vzdump", "100", "root@pam");
      InventorySync later = inventory.sync(DiscoveryOptions.defaults().withTasks(1000, 1, Duration.ZERO));

      assertThat(later.changes()).filteredOn(c -> c.type() == ResourceChange.Type.REMOVED).isEmpty();
      assertThat(later.tasksForgotten()).isEqualTo(3);
      assertThat(inventory.records()).filteredOn(r -> r.key().kind().equals(ProxmoxResources.KIND_TASK))
          .extracting(r -> r.attributes().get("upid")).containsExactly(fresh);
      assertThat(store.get(key(ProxmoxResources.KIND_TASK, Upid.parse(fresh).shortName(), pve)).attributes())
          .containsEntry("state", "running");
    }
  }

  @Test
  @DisplayName("a sync limited to one node changes nothing of the others")
  void aSyncOfOneNodeLeavesTheOthersAlone() {
    try (ProxmoxSimulator pve = Pve.simulator(clock).nodes(3).guests(12).tasksPerNode(2).start();
        FileStateStore store = store()) {
      ProxmoxInventory inventory = ProxmoxInventory.of(new ProxmoxDiscovery(Pve.client(pve, clock, sleeper).build()), store, clock,
          Duration.ofDays(30));
      inventory.sync(DiscoveryOptions.defaults());
      GuestSummary elsewhere = first(pve, GuestType.QEMU, "pve2");
      pve.setMemory(elsewhere.vmid(), elsewhere.memoryMb() * 2);
      clock.advance(Duration.ofMinutes(1));

      InventorySync one = inventory.sync(DiscoveryOptions.defaults().withNodes(java.util.Set.of("pve1")));

      assertThat(one.changes()).isEmpty();
      assertThat(one.unseen()).isEmpty();
      assertThat(inventory.records()).allSatisfy(r -> assertThat(r.state()).isEqualTo(InventoryLifecycle.PRESENT));
      assertThat(inventory.sync(DiscoveryOptions.defaults()).changes()).extracting(ResourceChange::key)
          .containsExactly(key(ProxmoxResources.KIND_QEMU, Integer.toString(elsewhere.vmid()), pve));
    }
  }
}
