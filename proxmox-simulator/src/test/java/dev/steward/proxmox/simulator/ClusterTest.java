package dev.steward.proxmox.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.steward.testsupport.MutableClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The cluster-wide views, nodes going down and coming back, and the changes the simulator's API makes. */
class ClusterTest {
  private static final Duration DOWN_DELAY = Duration.ofMillis(30);

  private final MutableClock clock = MutableClock.startingAtEpochOf2026();
  private final ProxmoxSimulator pve = ProxmoxSimulator.builder().nodes(3).guests(30).storages(5).seed(9).clock(clock)
      .authDelay(Duration.ZERO).unreachableDelay(DOWN_DELAY).timeoutDelay(DOWN_DELAY.multipliedBy(2))
      .token("steward@pve!probe", "secret").start();
  private final Api api = new Api(pve);

  @AfterEach
  void stop() {
    pve.close();
  }

  @Test
  void listsTheClusterAndEveryNodeInClusterStatus() {
    List<JsonNode> items = list(api.get("/cluster/status").data());

    JsonNode cluster = items.stream().filter(i -> i.get("type").asText().equals("cluster")).findFirst().orElseThrow();
    assertThat(cluster.get("name").asText()).isEqualTo("lab");
    assertThat(cluster.get("nodes").asInt()).isEqualTo(3);
    assertThat(cluster.get("quorate").asInt()).isEqualTo(1);
    List<JsonNode> nodes = items.stream().filter(i -> i.get("type").asText().equals("node")).toList();
    assertThat(nodes).extracting(n -> n.get("name").asText()).containsExactlyInAnyOrder("pve1", "pve2", "pve3");
    assertThat(nodes).allSatisfy(node -> {
      assertThat(node.get("id").asText()).isEqualTo("node/" + node.get("name").asText());
      assertThat(node.get("online").asInt()).isEqualTo(1);
      assertThat(node.get("local").asInt()).isEqualTo(node.get("name").asText().equals("pve1") ? 1 : 0);
      assertThat(node.get("ip").isTextual()).isTrue();
      assertThat(node.get("nodeid").isInt()).isTrue();
    });
  }

  @Test
  void answersAStandaloneHostWithOneNodeItemAndNoClusterItem() {
    try (ProxmoxSimulator single = ProxmoxSimulator.builder().nodes(1).standalone().guests(2).start()) {
      JsonNode status = new Api(single).get("/cluster/status").data();

      assertThat(status).hasSize(1);
      assertThat(status.get(0).get("type").asText()).isEqualTo("node");
    }
  }

  @Test
  void filtersClusterResourcesByTypeWithVmMeaningQemuAndLxc() {
    List<JsonNode> vms = list(api.get("/cluster/resources?type=vm").data());

    assertThat(vms).hasSize(30);
    assertThat(vms.stream().map(v -> v.get("type").asText()).distinct()).containsExactlyInAnyOrder("qemu", "lxc");
    assertThat(vms).extracting(v -> v.get("vmid").asText()).isSorted();
    assertThat(list(api.get("/cluster/resources?type=node").data())).hasSize(3);
    List<JsonNode> storages = list(api.get("/cluster/resources?type=storage").data());
    assertThat(storages).hasSize(3 * 5).allSatisfy(s -> assertThat(s.get("status").asText()).isEqualTo("available"));
    Api.Answer bad = api.get("/cluster/resources?type=pool");
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.json().get("errors").get("type").asText())
        .isEqualTo("value 'pool' does not have a value in the enumeration 'vm, storage, node, sdn'");
  }

  @Test
  void reportsTheCertificateFingerprintOfEveryNode() {
    List<JsonNode> nodes = list(api.get("/nodes").data());

    assertThat(nodes).hasSize(3).allSatisfy(node -> {
      assertThat(node.get("ssl_fingerprint").asText()).isEqualTo(pve.fingerprint());
      assertThat(node.get("status").asText()).isEqualTo("online");
    });
  }

  @Test
  void keepsAnsweringClusterViewsForANodeThatIsDownButFailsCallsForwardedToIt() throws Exception {
    List<GuestSummary> onPve2 = pve.guests().stream().filter(g -> g.node().equals("pve2")).toList();
    assertThat(onPve2).isNotEmpty();

    pve.markNodeDown("pve2");

    JsonNode node = list(api.get("/cluster/status").data()).stream()
        .filter(i -> i.get("id").asText().equals("node/pve2")).findFirst().orElseThrow();
    assertThat(node.get("online").asInt()).isZero();
    for (JsonNode guest : list(api.get("/cluster/resources?type=vm").data())) {
      if (guest.get("node").asText().equals("pve2")) {
        assertThat(guest.get("status").asText()).isEqualTo("unknown");
        assertThat(fieldNames(guest)).containsExactlyInAnyOrder("id", "vmid", "node", "type", "status");
      } else {
        assertThat(guest.get("status").asText()).isIn("running", "stopped");
        assertThat(guest.has("name")).isTrue();
      }
    }
    assertThat(list(api.get("/nodes").data()).stream().filter(n -> n.get("node").asText().equals("pve2")))
        .singleElement().satisfies(n -> assertThat(n.get("status").asText()).isEqualTo("offline"));
    try (RawHttps raw = new RawHttps(pve)) {
      long started = System.nanoTime();
      RawHttps.Response forwarded = raw.exchange("GET", "/api2/json/nodes/pve2/qemu", "Authorization", pve.tokenHeader().orElseThrow());
      assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(DOWN_DELAY);
      assertThat(forwarded.status()).isEqualTo(595);
      assertThat(forwarded.reason()).isEqualTo("No route to host");
      assertThat(forwarded.body()).isEmpty();
      assertThat(forwarded.header("Connection")).isEqualTo("close");
    }
    assertThat(api.get("/nodes/pve1/qemu").status()).isEqualTo(200);

    pve.bringNodeUp("pve2");

    assertThat(api.get("/nodes/pve2/qemu").status()).isEqualTo(200);
    assertThat(list(api.get("/cluster/resources?type=vm").data()))
        .noneMatch(g -> g.get("status").asText().equals("unknown"));
  }

  @Test
  void failsForwardedCallsWith596WhenTheNodeTimesOut() {
    pve.markNodeDown("pve3", NodeOutage.TIMED_OUT);

    Api.Answer answer = api.get("/nodes/pve3/status");

    assertThat(answer.status()).isEqualTo(596);
    assertThat(answer.body()).isEmpty();
    assertThat(answer.elapsed()).isGreaterThanOrEqualTo(DOWN_DELAY.multipliedBy(2));
  }

  @Test
  void losesQuorumWhenMostNodesAreDown() {
    pve.markNodeDown("pve2");
    pve.markNodeDown("pve3");

    JsonNode cluster = list(api.get("/cluster/status").data()).stream()
        .filter(i -> i.get("type").asText().equals("cluster")).findFirst().orElseThrow();
    assertThat(cluster.get("quorate").asInt()).isZero();
  }

  @Test
  void refusesToTakeDownTheNodeItAnswersAs() {
    assertThatThrownBy(() -> pve.markNodeDown("pve1")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("answers as pve1");
    assertThatThrownBy(() -> pve.markNodeDown("pve9")).hasMessageContaining("No node 'pve9'");
  }

  @Test
  void migratesAGuestAndLogsTheMigrationOnTheNodeItLeft() {
    GuestSummary vm = pve.guests().stream().filter(g -> g.type() == GuestType.QEMU && g.node().equals("pve1"))
        .findFirst().orElseThrow();

    String upid = pve.migrate(vm.vmid(), "pve3");

    assertThat(api.get("/nodes/pve3/qemu/" + vm.vmid() + "/status/current").status()).isEqualTo(200);
    assertThat(api.get("/nodes/pve1/qemu/" + vm.vmid() + "/status/current").status()).isEqualTo(500);
    JsonNode resource = list(api.get("/cluster/resources?type=vm").data()).stream()
        .filter(g -> g.get("vmid").asInt() == vm.vmid()).findFirst().orElseThrow();
    assertThat(resource.get("node").asText()).isEqualTo("pve3");
    JsonNode task = api.get("/nodes/pve1/tasks/" + upid + "/status").data();
    assertThat(task.get("type").asText()).isEqualTo("qmigrate");
    assertThat(task.get("id").asText()).isEqualTo(String.valueOf(vm.vmid()));
    assertThat(task.get("exitstatus").asText()).isEqualTo("OK");
  }

  @Test
  void changesMemoryAndConfigWhereTheApiShowsThem() {
    GuestSummary vm = pve.guests().stream().filter(g -> g.type() == GuestType.QEMU).findFirst().orElseThrow();
    String base = "/nodes/" + vm.node() + "/qemu/" + vm.vmid();

    pve.setMemory(vm.vmid(), 6144);
    pve.setConfig(vm.vmid(), "name", "renamed");
    pve.setConfig(vm.vmid(), "description", "changed by a test");

    JsonNode config = api.get(base + "/config").data();
    assertThat(config.get("memory").asText()).isEqualTo("6144");
    assertThat(config.get("name").asText()).isEqualTo("renamed");
    assertThat(config.get("description").asText()).isEqualTo("changed by a test");
    JsonNode listed = list(api.get("/nodes/" + vm.node() + "/qemu").data()).stream()
        .filter(g -> g.get("vmid").asInt() == vm.vmid()).findFirst().orElseThrow();
    assertThat(listed.get("maxmem").asLong()).isEqualTo(6144L * 1024 * 1024);
    assertThat(listed.get("name").asText()).isEqualTo("renamed");
  }

  @Test
  void deletesAndAddsGuests() {
    GuestSummary gone = pve.guests().get(0);
    pve.deleteGuest(gone.vmid());

    assertThat(api.get("/nodes/" + gone.node() + "/" + gone.type().apiName() + "/" + gone.vmid() + "/config").status())
        .isEqualTo(500);
    assertThat(list(api.get("/cluster/resources?type=vm").data())).noneMatch(g -> g.get("vmid").asInt() == gone.vmid());

    int added = pve.addGuest(NewGuest.lxc("dns", "pve2").memoryMb(256).tags("infra").stopped());

    assertThat(added).as("the lowest free vmid").isEqualTo(gone.vmid());
    JsonNode config = api.get("/nodes/pve2/lxc/" + added + "/config").data();
    assertThat(config.get("hostname").asText()).isEqualTo("dns");
    assertThat(config.get("memory").asInt()).isEqualTo(256);
    JsonNode status = api.get("/nodes/pve2/lxc/" + added + "/status/current").data();
    assertThat(status.get("status").asText()).isEqualTo("stopped");
    assertThat(status.get("tags").asText()).isEqualTo("infra");
    assertThatThrownBy(() -> pve.addGuest(NewGuest.qemu("twin", "pve1").vmid(added)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("vmid " + added + " is taken");
  }

  @Test
  void startsAndStopsGuests() {
    GuestSummary stopped = pve.guests().stream().filter(g -> !g.running() && !g.template()).findFirst().orElseThrow();
    String current = "/nodes/" + stopped.node() + "/" + stopped.type().apiName() + "/" + stopped.vmid() + "/status/current";

    pve.startGuest(stopped.vmid());
    clock.advance(Duration.ofSeconds(90));

    JsonNode running = api.get(current).data();
    assertThat(running.get("status").asText()).isEqualTo("running");
    assertThat(running.get("uptime").asLong()).isEqualTo(90);
    assertThat(running.has("pid")).isTrue();
    pve.stopGuest(stopped.vmid());
    assertThat(api.get(current).data().has("pid")).isFalse();
  }

  @Test
  void showsChangesInTheClusterViewsOnlyAfterTheRefreshInterval() {
    try (ProxmoxSimulator lagging = ProxmoxSimulator.builder().nodes(2).guests(6).clock(clock)
        .clusterRefresh(Duration.ofSeconds(10)).unreachableDelay(Duration.ZERO).start()) {
      Api lagged = new Api(lagging);
      GuestSummary guest = lagging.guests().get(0);
      String other = guest.node().equals("pve1") ? "pve2" : "pve1";

      lagging.migrate(guest.vmid(), other);

      assertThat(nodeOf(lagged, guest.vmid())).as("before the refresh").isEqualTo(guest.node());
      assertThat(lagged.get("/nodes/" + other + "/" + guest.type().apiName() + "/" + guest.vmid() + "/config").status())
          .as("a node's own answer is live").isEqualTo(200);
      clock.advance(Duration.ofSeconds(10));
      assertThat(nodeOf(lagged, guest.vmid())).isEqualTo(other);
    }
  }

  @Test
  void listsStoragesWithUsageAndTheirContent() {
    List<JsonNode> storages = list(api.get("/nodes/pve1/storage").data());
    assertThat(storages).hasSize(5).allSatisfy(s -> {
      assertThat(s.get("used").asLong() + s.get("avail").asLong()).isEqualTo(s.get("total").asLong());
      assertThat(s.get("used_fraction").isDouble()).isTrue();
      assertThat(s.get("enabled").asInt()).isEqualTo(1);
    });
    assertThat(list(api.get("/nodes/pve1/storage?content=iso").data()))
        .allSatisfy(s -> assertThat(s.get("content").asText()).contains("iso"));

    JsonNode status = api.get("/nodes/pve1/storage/local/status").data();
    assertThat(status.get("type").asText()).isEqualTo("dir");
    assertThat(status.get("active").asInt()).isEqualTo(1);
    Api.Answer unknown = api.get("/nodes/pve1/storage/nosuch/status");
    assertThat(unknown.status()).isEqualTo(400);
    assertThat(unknown.json().get("errors").has("storage")).isTrue();

    List<JsonNode> iso = list(api.get("/nodes/pve1/storage/local/content?content=iso").data());
    assertThat(iso).isNotEmpty().allSatisfy(v -> assertThat(v.get("volid").asText()).startsWith("local:iso/"));
    List<JsonNode> disks = list(api.get("/nodes/pve1/storage/local-lvm/content").data());
    List<Integer> onPve1 = pve.guests().stream().filter(g -> g.node().equals("pve1")).map(GuestSummary::vmid).toList();
    assertThat(disks).allSatisfy(d -> assertThat(onPve1).contains(d.get("vmid").asInt()));
    List<JsonNode> config = list(api.get("/storage").data());
    assertThat(config).hasSize(5);
    assertThat(config.stream().map(s -> s.get("digest").asText()).distinct()).hasSize(1);
    assertThat(config.stream().filter(s -> s.has("is_mountpoint"))).allSatisfy(s -> assertThat(s.get("is_mountpoint").asText()).isEqualTo("1"));
  }

  private static String nodeOf(Api api, int vmid) {
    return list(api.get("/cluster/resources?type=vm").data()).stream()
        .filter(g -> g.get("vmid").asInt() == vmid).findFirst().orElseThrow().get("node").asText();
  }

  private static List<String> fieldNames(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }

  private static List<JsonNode> list(JsonNode array) {
    return StreamSupport.stream(array.spliterator(), false).toList();
  }
}
