package dev.steward.proxmox.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steward.proxmox.ClusterMember;
import dev.steward.proxmox.ClusterResources;
import dev.steward.proxmox.ClusterStatus;
import dev.steward.proxmox.Coverage;
import dev.steward.proxmox.DiscoveryFailure;
import dev.steward.proxmox.DiscoveryOptions;
import dev.steward.proxmox.Guest;
import dev.steward.proxmox.GuestState;
import dev.steward.proxmox.GuestType;
import dev.steward.proxmox.ProxmoxException;
import dev.steward.proxmox.ResourceType;
import dev.steward.proxmox.StoragePool;
import dev.steward.proxmox.StorageState;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** How the cluster view and the nodes' own lists are put together, and what each type's coverage says. */
class InventoryTest {
  private static final ClusterStatus THREE_ONLINE = new ClusterStatus(Optional.of("lab"), Optional.of(true), List.of(
      new ClusterMember("pve1", 1, Optional.empty(), true, true), new ClusterMember("pve2", 2, Optional.empty(), true, false),
      new ClusterMember("pve3", 3, Optional.empty(), false, false)));

  private static Guest guest(int vmid, String node, String status) {
    return new Guest(GuestType.QEMU, vmid, node, Optional.of("vm" + vmid), GuestState.of(status), status, false, List.of(),
        Optional.empty(), OptionalDouble.of(1), OptionalLong.of(1024), OptionalLong.empty(), Optional.empty(), Optional.empty(),
        Optional.empty());
  }

  private static StoragePool pool(String storage, String node, boolean shared, StorageState state) {
    return new StoragePool(storage, node, "dir", Set.of("images"), shared, state, OptionalLong.of(10), OptionalLong.of(1),
        OptionalLong.of(9));
  }

  private static NodeModel nodes(Optional<ClusterResources> view) {
    return new NodeModel(Optional.of(THREE_ONLINE), view, Optional.empty(), DiscoveryOptions.defaults());
  }

  @Test
  @DisplayName("a node online whose lists failed: its guests are UNKNOWN, and the coverage gives the failure as the reason")
  void aNodeWhoseListsFailedIsUnknown() {
    ClusterResources view = new ClusterResources(List.of(), List.of(guest(100, "pve1", "running"), guest(101, "pve2", "running"),
        guest(102, "pve3", "unknown")), List.of());
    Inventory inventory = new Inventory(nodes(Optional.of(view)));
    List<DiscoveryFailure> failures = List.of(new DiscoveryFailure(ResourceType.GUESTS, Optional.of("pve2"), Optional.of("qemu"),
        ProxmoxException.Kind.NODE_UNREACHABLE, "could not reach node pve2 (595)"));

    inventory.guests(Optional.of(view), Map.of("pve1", List.of(guest(100, "pve1", "stopped"))));
    Coverage coverage = inventory.coverage(ResourceType.GUESTS, Set.of(), failures);

    assertThat(inventory.guests()).extracting(g -> g.vmid() + ":" + g.state())
        .containsExactly("100:STOPPED", "101:UNKNOWN", "102:UNKNOWN");
    assertThat(inventory.guests().get(1).usage()).isEmpty();
    assertThat(coverage.complete()).isTrue();
    assertThat(coverage.nodesSeen()).containsExactly("pve1");
    assertThat(coverage.nodesNotSeen()).containsEntry("pve2", "could not reach node pve2 (595)");
    assertThat(coverage.nodesNotSeen().get("pve3")).startsWith("pve3 is offline (the cluster status)");
    assertThat(inventory.guestsSeen()).extracting(Guest::vmid).containsExactly(100);
  }

  @Test
  @DisplayName("without the cluster view, guests are complete only when every node's lists were read")
  void withoutTheViewOnlyEveryListMakesItComplete() {
    Inventory inventory = new Inventory(nodes(Optional.empty()));

    inventory.guests(Optional.empty(), Map.of("pve1", List.of(guest(100, "pve1", "running")), "pve2", List.of()));

    assertThat(inventory.coverage(ResourceType.GUESTS, Set.of(), List.of()).complete()).as("pve3 is down and unlisted").isFalse();
    assertThat(inventory.guests()).extracting(Guest::vmid).containsExactly(100);
  }

  @Test
  @DisplayName("storages of nodes not read are UNKNOWN; a shared storage's content is listed once, for every node that sees it")
  void storagesAndSharedContent() {
    ClusterResources view = new ClusterResources(List.of(), List.of(), List.of(pool("local", "pve3", false, StorageState.AVAILABLE)));
    Inventory inventory = new Inventory(nodes(Optional.of(view)));
    inventory.storages(Optional.of(view), Map.of(
        "pve1", List.of(pool("local", "pve1", false, StorageState.AVAILABLE), pool("nfs", "pve1", true, StorageState.AVAILABLE)),
        "pve2", List.of(pool("local", "pve2", false, StorageState.AVAILABLE), pool("nfs", "pve2", true, StorageState.AVAILABLE))));

    List<StoragePool> toList = inventory.storagesToList();
    inventory.content(Map.of(toList.get(0), List.of(), toList.get(1), List.of()));

    assertThat(inventory.storages()).filteredOn(s -> s.node().equals("pve3")).singleElement()
        .satisfies(s -> assertThat(s.state()).isEqualTo(StorageState.UNKNOWN));
    assertThat(toList).extracting(s -> s.storage() + "@" + s.node()).containsExactly("local@pve1", "nfs@pve1", "local@pve2");
    Coverage content = inventory.coverage(ResourceType.STORAGE_CONTENT, Set.of(), List.of());
    assertThat(content.nodesSeen()).as("pve2's local was not read").containsExactly("pve1");
    assertThat(content.complete()).isFalse();
  }
}
