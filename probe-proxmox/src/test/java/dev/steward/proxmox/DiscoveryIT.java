package dev.steward.proxmox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steward.proxmox.simulator.GuestSummary;
import dev.steward.proxmox.simulator.NewGuest;
import dev.steward.proxmox.simulator.Privilege;
import dev.steward.proxmox.simulator.ProxmoxSimulator;
import dev.steward.proxmox.simulator.TaskOutcome;
import dev.steward.testsupport.MutableClock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** What a discovery reads from a whole cluster, and how it tells "not there" from "not seen". */
class DiscoveryIT {
  private final MutableClock clock = MutableClock.startingAtEpochOf2026();
  private final Pve.RecordingSleeper sleeper = new Pve.RecordingSleeper(clock);

  @Test
  @DisplayName("reads every node, guest with its config, storage with its content, and task, in a few requests per node plus one per config")
  void readsTheWholeCluster() {
    try (ProxmoxSimulator pve = Pve.simulator(clock).nodes(3).guests(20).storages(4).tasksPerNode(50).start()) {
      DiscoveryResult result = new ProxmoxDiscovery(Pve.client(pve, clock, sleeper).build()).discover();

      assertThat(result.failures()).isEmpty();
      assertThat(result.isComplete()).isTrue();
      assertThat(result.clusterName()).hasValue("lab");
      assertThat(result.quorate()).hasValue(true);
      assertThat(result.version().map(PveVersion::release)).hasValue("8.3");
      assertThat(result.nodes()).extracting(ClusterNode::name).containsExactly("pve1", "pve2", "pve3");
      assertThat(result.nodes()).allSatisfy(node -> {
        assertThat(node.state()).isEqualTo(NodeState.ONLINE);
        assertThat(node.ip()).isPresent();
        assertThat(node.sslFingerprint()).hasValue(Fingerprint.parse(pve.fingerprint()));
        assertThat(node.status()).hasValueSatisfying(s -> assertThat(s.loadAverage()).hasSize(3));
      });
      assertThat(result.guests()).hasSize(pve.guests().size());
      for (GuestSummary expected : pve.guests()) {
        Guest guest = result.guest(expected.vmid()).orElseThrow();
        assertThat(guest.node()).isEqualTo(expected.node());
        assertThat(guest.name()).hasValue(expected.name());
        assertThat(guest.type().name()).isEqualTo(expected.type().name());
        assertThat(guest.state()).isEqualTo(expected.running() ? GuestState.RUNNING : GuestState.STOPPED);
        assertThat(guest.template()).isEqualTo(expected.template());
        assertThat(guest.config()).hasValueSatisfying(c -> assertThat(c.memoryMb()).hasValue(expected.memoryMb()));
      }
      assertThat(result.storages()).hasSize(3 * 4);
      assertThat(result.storages()).allSatisfy(s -> assertThat(s.state()).isEqualTo(StorageState.AVAILABLE));
      assertThat(result.volumes()).extracting(StorageVolume::volid).contains("local:iso/debian-12.10.0-amd64-netinst.iso");
      assertThat(result.tasks()).hasSize(3 * 50);
      assertThat(result.tasks()).isSortedAccordingTo((a, b) -> b.startTime().compareTo(a.startTime()));
      assertThat(result.requests().requests()).isEqualTo(pve.requests().served());
      // 4 cluster views; per node status, 2 guest lists, storages, 1 task page; 20 configs; content of
      // local, local-lvm and backup on each node and the shared nfs-3 once; the logs read.
      assertThat(result.requests().requests()).isEqualTo(4 + 3 * 5 + 20 + (3 * 3 + 1) + result.taskLogs().size());
    }
  }

  @Test
  @DisplayName("a node that is down is not asked: its guests are UNKNOWN, not gone, and the other nodes are read as usual")
  void aNodeThatIsDownLeavesItsGuestsUnknown() {
    try (ProxmoxSimulator pve = Pve.simulator(clock).nodes(3).guests(30).start()) {
      pve.markNodeDown("pve2");
      DiscoveryResult result = new ProxmoxDiscovery(Pve.client(pve, clock, sleeper).build()).discover();

      Set<Integer> onPve2 = pve.guests().stream().filter(g -> g.node().equals("pve2")).map(GuestSummary::vmid).collect(Collectors.toSet());
      assertThat(onPve2).isNotEmpty();
      assertThat(result.guests()).hasSize(30);
      assertThat(result.guestsOn("pve2")).extracting(Guest::vmid).containsExactlyInAnyOrderElementsOf(onPve2);
      assertThat(result.guestsOn("pve2")).allSatisfy(g -> {
        assertThat(g.state()).isEqualTo(GuestState.UNKNOWN);
        assertThat(g.config()).isEmpty();
      });
      assertThat(result.guests()).filteredOn(g -> !g.node().equals("pve2"))
          .allSatisfy(g -> assertThat(g.state()).isNotEqualTo(GuestState.UNKNOWN))
          .allSatisfy(g -> assertThat(g.config()).isPresent());
      Coverage guests = result.coverage(ResourceType.GUESTS);
      assertThat(guests.complete()).as("the cluster view still lists pve2's guests").isTrue();
      assertThat(guests.nodesSeen()).containsExactly("pve1", "pve3");
      assertThat(guests.nodesNotSeen()).containsOnlyKeys("pve2");
      assertThat(guests.nodesNotSeen().get("pve2")).contains("pve2 is offline", "unknown, not gone");
      assertThat(result.coverage(ResourceType.TASKS).complete()).isFalse();
      assertThat(result.node("pve2").map(ClusterNode::state)).hasValue(NodeState.OFFLINE);
      assertThat(result.storages()).filteredOn(s -> s.node().equals("pve2"))
          .isNotEmpty().allSatisfy(s -> assertThat(s.state()).isEqualTo(StorageState.UNKNOWN));
      assertThat(result.failures()).as("a node that is down is not a failed read").isEmpty();
      assertThat(sleeper.waits()).as("nothing was sent to pve2, so nothing was retried").isEmpty();
      assertThat(result.isComplete()).isFalse();
    }
  }

  @Test
  @DisplayName("one type failing does not stop the others, and the result says which failed and why")
  void partialFailureIsReported() {
    EnumSet<Privilege> noSysAudit = EnumSet.copyOf(Privilege.AUDITOR);
    noSysAudit.remove(Privilege.SYS_AUDIT);
    try (ProxmoxSimulator pve = Pve.simulator(clock).token("blind@pve!probe", Pve.TOKEN_SECRET, noSysAudit).start()) {
      ProxmoxClient client = Pve.client(pve, clock, sleeper).credentials(new ApiToken("blind@pve!probe",
          Secret.of(Pve.TOKEN_SECRET))).build();

      DiscoveryResult result = new ProxmoxDiscovery(client).discover();

      assertThat(result.failures(ResourceType.NODES)).extracting(DiscoveryFailure::kind)
          .containsOnly(ProxmoxException.Kind.PERMISSION).hasSize(1 + 3);
      assertThat(result.failures(ResourceType.NODES)).extracting(DiscoveryFailure::reason)
          .allSatisfy(reason -> assertThat(reason).contains("Sys.Audit"));
      assertThat(result.coverage(ResourceType.NODES).nodesNotSeen()).containsOnlyKeys("pve1", "pve2", "pve3");
      assertThat(result.coverage(ResourceType.GUESTS).complete()).isTrue();
      assertThat(result.coverage(ResourceType.GUESTS).nodesNotSeen()).isEmpty();
      assertThat(result.guests()).hasSize(pve.guests().size()).allSatisfy(g -> assertThat(g.config()).isPresent());
      assertThat(result.storages()).isNotEmpty();
      assertThat(result.failures()).allSatisfy(f -> assertThat(f.type()).isEqualTo(ResourceType.NODES));
    }
  }

  @Test
  @DisplayName("the nodes' own lists win over a cluster view that lags: a moved guest is on its new node, a deleted one is gone")
  void liveListsWinOverALaggingClusterView() {
    try (ProxmoxSimulator pve = Pve.simulator(clock).clusterRefresh(Duration.ofSeconds(10)).start()) {
      GuestSummary moved = pve.guests().get(0);
      GuestSummary deleted = pve.guests().get(1);
      String target = moved.node().equals("pve3") ? "pve1" : "pve3";
      pve.migrate(moved.vmid(), target);
      pve.deleteGuest(deleted.vmid());
      int added = pve.addGuest(NewGuest.qemu("fresh", "pve2").vmid(900));

      DiscoveryResult result = new ProxmoxDiscovery(Pve.client(pve, clock, sleeper).build()).discover();

      assertThat(result.guest(moved.vmid()).map(Guest::node)).hasValue(target);
      assertThat(result.guest(deleted.vmid())).isEmpty();
      assertThat(result.guest(added).flatMap(Guest::name)).hasValue("fresh");
      assertThat(result.guests()).hasSize(pve.guests().size());
    }
  }

  @Test
  @DisplayName("a failed task is read with its exit status, and its log (the last lines) because it failed within the last day")
  void failedTasksComeWithTheirLogs() {
    try (ProxmoxSimulator pve = Pve.simulator(clock).tasksPerNode(0).runningTasksPerNode(0).start()) {
      String upid = pve.startTask("pve1", "qmstart", "100", "root@pam");
      String running = pve.startTask("pve2", "vzdump", "", "root@pam");
      pve.finishTask(upid, TaskOutcome.error("VM 100 not running"));

      DiscoveryResult result = new ProxmoxDiscovery(Pve.client(pve, clock, sleeper).build()).discover();

      assertThat(result.tasks()).hasSize(2);
      Task failed = result.tasksOf("pve1").get(0);
      assertThat(failed.upid().text()).isEqualTo(upid);
      assertThat(failed.state()).isEqualTo(TaskState.FAILED);
      assertThat(failed.exitStatus()).hasValue("VM 100 not running");
      assertThat(failed.endTime()).isPresent();
      assertThat(result.tasksOf("pve2")).singleElement().satisfies(t -> {
        assertThat(t.upid().text()).isEqualTo(running);
        assertThat(t.state()).isEqualTo(TaskState.RUNNING);
        assertThat(t.exitStatus()).isEmpty();
      });
      assertThat(result.taskLogs()).singleElement().satisfies(log -> {
        assertThat(log.upid().text()).isEqualTo(upid);
        assertThat(log.isComplete()).isTrue();
        assertThat(log.lines().get(log.lines().size() - 1).text()).isEqualTo("TASK ERROR: VM 100 not running");
      });
      assertThat(result.coverage(ResourceType.TASK_LOGS).complete()).isTrue();
    }
  }

  @Test
  @DisplayName("only the nodes asked for are read; a name that is no node is reported")
  void readsOnlyTheNodesAskedFor() {
    try (ProxmoxSimulator pve = Pve.simulator(clock).start()) {
      DiscoveryResult result = new ProxmoxDiscovery(Pve.client(pve, clock, sleeper).build())
          .discover(DiscoveryOptions.defaults().withNodes(Set.of("pve2", "pve9")));

      assertThat(result.nodes()).extracting(ClusterNode::name).containsExactly("pve2");
      assertThat(result.guests()).isNotEmpty().allSatisfy(g -> assertThat(g.node()).isEqualTo("pve2"));
      assertThat(result.coverage(ResourceType.GUESTS).complete()).as("other nodes were not read").isFalse();
      assertThat(result.failures()).singleElement().satisfies(f -> {
        assertThat(f.node()).hasValue("pve9");
        assertThat(f.reason()).contains("pve9 is not a node of this cluster", "pve1, pve2, pve3");
      });
    }
  }

  @Test
  @DisplayName("configs are reused while a guest's list entry is unchanged and the config young; a change shows at once")
  void configsAreReusedWhileUnchanged() {
    try (ProxmoxSimulator pve = Pve.simulator(clock).guests(10).start()) {
      ProxmoxDiscovery discovery = new ProxmoxDiscovery(Pve.client(pve, clock, sleeper).build());
      DiscoveryOptions options = DiscoveryOptions.defaults().withTypes(Set.of(ResourceType.GUEST_CONFIGS))
          .withConfigMaxAge(Duration.ofMinutes(10));
      DiscoveryResult first = discovery.discover(options);
      GuestSummary changed = pve.guests().get(3);
      pve.setMemory(changed.vmid(), changed.memoryMb() * 2);

      DiscoveryResult second = discovery.discover(options);
      clock.advance(Duration.ofMinutes(11));
      DiscoveryResult third = discovery.discover(options);

      int views = 4;
      int lists = 3 * 2;
      assertThat(first.requests().requests()).isEqualTo(views + lists + 10);
      assertThat(second.requests().requests()).isEqualTo(views + lists + 1);
      assertThat(second.guest(changed.vmid()).flatMap(Guest::config).orElseThrow().memoryMb()).hasValue(changed.memoryMb() * 2);
      assertThat(third.requests().requests()).as("all configs older than 10 minutes").isEqualTo(views + lists + 10);
      assertThat(second.guests()).allSatisfy(g -> assertThat(g.config()).isPresent());
      assertThat(Map.of("coverage", second.coverage(ResourceType.GUEST_CONFIGS).complete())).containsEntry("coverage", true);
      assertThat(List.of(first, second, third)).allSatisfy(r -> assertThat(r.failures()).isEmpty());
    }
  }
}
