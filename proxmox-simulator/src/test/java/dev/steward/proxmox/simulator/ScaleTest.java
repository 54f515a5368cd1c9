package dev.steward.proxmox.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The size a benchmark asks for: 5 nodes, 2,000 guests, 20,000 tasks, answered from generated data. */
class ScaleTest {

  @Test
  void servesABenchmarkSizedCluster() {
    try (ProxmoxSimulator pve = ProxmoxSimulator.builder().nodes(5).guests(2000).tasksPerNode(4000).seed(1)
        .authDelay(Duration.ZERO).start()) {
      Api api = new Api(pve);

      assertThat(api.get("/cluster/resources?type=vm").data()).hasSize(2000);
      int listed = 0;
      for (String node : pve.nodes()) {
        listed += api.get("/nodes/" + node + "/qemu").data().size() + api.get("/nodes/" + node + "/lxc").data().size();
      }
      assertThat(listed).isEqualTo(2000);
      Api.Answer deep = api.get("/nodes/pve4/tasks?source=all&start=3990&limit=50");
      assertThat(deep.json().get("total").asInt()).isEqualTo(4000);
      assertThat(deep.data()).hasSize(10);
      JsonNode oldest = deep.data().get(9);
      JsonNode status = api.get("/nodes/pve4/tasks/" + oldest.get("upid").asText() + "/status").data();
      assertThat(status.get("exitstatus").asText()).isEqualTo(oldest.get("status").asText());
    }
  }
}
