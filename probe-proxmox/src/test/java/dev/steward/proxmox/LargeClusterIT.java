package dev.steward.proxmox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steward.proxmox.simulator.ProxmoxSimulator;
import dev.steward.proxmox.simulator.RequestCounters;
import dev.steward.testsupport.MutableClock;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The size the benchmark measures: 5 nodes, 2,000 guests, 20,000 tasks. The number of requests is
 * what the design fixes, and is asserted; the time is printed for the record, never checked.
 */
class LargeClusterIT {
  @Test
  @DisplayName("5 nodes, 2,000 guests, 20,000 tasks: a few requests per node plus one per config; later reads reuse configs and page only new tasks")
  void readsALargeClusterInFewRequests() {
    MutableClock clock = MutableClock.startingAtEpochOf2026();
    try (ProxmoxSimulator pve = Pve.simulator(clock).nodes(5).guests(2000).storages(4).tasksPerNode(4000).start()) {
      ProxmoxDiscovery discovery = new ProxmoxDiscovery(Pve.client(pve, clock, new Pve.RecordingSleeper(clock)).build());
      DiscoveryOptions reuse = DiscoveryOptions.defaults().withConfigMaxAge(Duration.ofMinutes(10));

      long began = System.nanoTime();
      DiscoveryResult first = discovery.discover(reuse);
      long firstMs = (System.nanoTime() - began) / 1_000_000;
      RequestCounters served = pve.requests();
      DiscoveryResult again = discovery.discover(reuse);
      began = System.nanoTime();
      DiscoveryResult incremental = discovery.discover(reuse.withTasksSince(first.startedAt()));
      long incrementalMs = (System.nanoTime() - began) / 1_000_000;

      System.out.printf("5 nodes, 2000 guests, 20000 tasks: first discovery %d requests in %d ms (max %d in flight); "
          + "again with configs reused %d requests; again reading only new tasks %d requests in %d ms%n",
          first.requests().requests(), firstMs, served.maxInFlight(), again.requests().requests(), incremental.requests().requests(),
          incrementalMs);
      assertThat(first.failures()).isEmpty();
      assertThat(first.guests()).hasSize(2000).allSatisfy(g -> assertThat(g.config()).isPresent());
      assertThat(first.tasks()).hasSize(20_000);
      assertThat(served.maxInFlight()).isLessThanOrEqualTo(3);
      // 4 cluster views; per node: status, VMs, containers, storages and 4 task pages of 1000; 2000
      // configs; local, local-lvm and backup content on each node and the shared nfs-3 once; the logs.
      int perNode = 4 + 4;
      int content = 5 * 3 + 1;
      assertThat(first.requests().requests()).isEqualTo(4 + 5 * perNode + 2000 + content + first.taskLogs().size());
      assertThat(again.requests().requests()).isEqualTo(4 + 5 * perNode + content + again.taskLogs().size());
      assertThat(incremental.requests().requests()).isEqualTo(4 + 5 * (4 + 1) + content);
      assertThat(incremental.guests()).hasSize(2000).allSatisfy(g -> assertThat(g.config()).isPresent());
    }
  }
}
