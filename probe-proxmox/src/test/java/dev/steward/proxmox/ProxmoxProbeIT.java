package dev.steward.proxmox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steward.Observation;
import dev.steward.ObservedResource;
import dev.steward.ResourceKey;
import dev.steward.proxmox.simulator.GuestSummary;
import dev.steward.proxmox.simulator.Privilege;
import dev.steward.proxmox.simulator.ProxmoxSimulator;
import dev.steward.testsupport.MutableClock;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** How a discovery becomes one observation per node. */
class ProxmoxProbeIT {
  private final MutableClock clock = MutableClock.startingAtEpochOf2026();
  private final Pve.RecordingSleeper sleeper = new Pve.RecordingSleeper(clock);

  @Test
  @DisplayName("each node reached lists itself, its guests with their configs, its storages with their volumes and its tasks")
  void observesEachNode() {
    try (ProxmoxSimulator pve = Pve.simulator(clock).nodes(3).guests(20).tasksPerNode(10).start()) {
      pve.markNodeDown("pve2");
      ProxmoxProbe probe = ProxmoxProbe.create(Pve.client(pve, clock, sleeper).build(), DiscoveryOptions.defaults());

      List<Observation> observations = probe.observeCluster();

      assertThat(observations).extracting(Observation::host).containsExactly("pve1", "pve2", "pve3");
      Observation down = observations.get(1);
      assertThat(down.isReachable()).isFalse();
      assertThat(down.unreachableReason()).hasValueSatisfying(r -> assertThat(r).contains("pve2 is offline"));
      Observation pve1 = observations.get(0);
      assertThat(pve1.isReachable()).isTrue();
      assertThat(pve1.observedAt()).isEqualTo(clock.instant());
      assertThat(pve1.find(ResourceKey.of(ProxmoxResources.KIND_NODE, "pve1", "pve1"))).hasValueSatisfying(node ->
          assertThat(node.attributes()).containsEntry("state", "online").containsEntry("ssl_fingerprint", pve.fingerprint()));
      for (GuestSummary guest : pve.guests()) {
        if (guest.node().equals("pve1")) {
          String kind = guest.type().name().equals("QEMU") ? ProxmoxResources.KIND_QEMU : ProxmoxResources.KIND_LXC;
          ObservedResource seen = pve1.find(ResourceKey.of(kind, Integer.toString(guest.vmid()), "pve1")).orElseThrow();
          assertThat(seen.attributes()).containsEntry("name", guest.name())
              .containsEntry("state", guest.running() ? "running" : "stopped")
              .containsEntry("config.memory", Long.toString(guest.memoryMb()));
        }
      }
      assertThat(pve1.resources()).filteredOn(r -> r.key().kind().equals(ProxmoxResources.KIND_STORAGE)).hasSize(4)
          .anySatisfy(storage -> assertThat(storage.parts()).contains("local:iso/debian-12.10.0-amd64-netinst.iso"));
      assertThat(pve1.resources()).filteredOn(r -> r.key().kind().equals(ProxmoxResources.KIND_TASK)).hasSize(10)
          .allSatisfy(task -> assertThat(task.attributes()).containsKeys(ProxmoxResources.ATTR_UPID, "state", "type", "started"));
      assertThat(pve1.find(ProxmoxResources.probeKey("pve1"))).hasValueSatisfying(p -> assertThat(p.attributes())
          .containsEntry(ProxmoxResources.ATTR_OBSERVED, "nodes,guests,configs,storage,content,tasks,logs")
          .containsEntry("cluster", "lab"));
    }
  }

  @Test
  @DisplayName("a type that fails leaves the node reached, and the probe resource says what was not seen and why")
  void namesWhatWasNotSeen() {
    EnumSet<Privilege> noSysAudit = EnumSet.copyOf(Privilege.AUDITOR);
    noSysAudit.remove(Privilege.SYS_AUDIT);
    try (ProxmoxSimulator pve = Pve.simulator(clock).token("blind@pve!probe", Pve.TOKEN_SECRET, noSysAudit).start()) {
      ProxmoxProbe probe = ProxmoxProbe.create(Pve.client(pve, clock, sleeper)
          .credentials(new ApiToken("blind@pve!probe", Secret.of(Pve.TOKEN_SECRET))).build(), DiscoveryOptions.defaults());

      Observation pve1 = probe.observe("pve1");

      assertThat(pve1.isReachable()).isTrue();
      assertThat(pve1.find(ProxmoxResources.probeKey("pve1"))).hasValueSatisfying(p -> {
        assertThat(p.attributes().get(ProxmoxResources.ATTR_OBSERVED)).doesNotContain("nodes").contains("guests");
        assertThat(p.attributes().get(ProxmoxResources.ATTR_FAILED_PREFIX + "nodes")).contains("Sys.Audit");
      });
    }
  }

  @Test
  @DisplayName("credentials that are refused make every host asked for unknown, with the reason, and never throw")
  void refusedCredentialsMakeHostsUnknown() {
    try (ProxmoxSimulator pve = Pve.simulator(clock).start()) {
      ProxmoxProbe probe = ProxmoxProbe.create(Pve.client(pve, clock, sleeper)
          .credentials(new ApiToken(Pve.TOKEN_ID, Secret.of("wrong-secret"))).build(), DiscoveryOptions.defaults());

      List<Observation> observations = probe.observeAll(List.of("pve1", "pve2"));

      assertThat(observations).extracting(Observation::host).containsExactly("pve1", "pve2");
      assertThat(observations).allSatisfy(o -> {
        assertThat(o.isReachable()).isFalse();
        assertThat(o.unreachableReason().orElseThrow()).contains(o.host() + " is unknown", "refused the API token")
            .doesNotContain("wrong-secret");
      });
      assertThat(pve.requests().served()).as("the first refusal ends the discovery").isLessThanOrEqualTo(4);
    }
  }

  @Test
  @DisplayName("a host that is no node of the cluster is unknown, and the reason lists the nodes")
  void aStrangerIsUnknown() {
    try (ProxmoxSimulator pve = Pve.simulator(clock).start()) {
      ProxmoxProbe probe = ProxmoxProbe.create(Pve.client(pve, clock, sleeper).build(), DiscoveryOptions.defaults());

      Observation stranger = probe.observe("web-7");

      assertThat(stranger.isReachable()).isFalse();
      assertThat(stranger.unreachableReason()).hasValueSatisfying(r -> assertThat(r).contains("web-7 is not a node", "pve1, pve2, pve3"));
    }
  }
}
