package dev.steward.proxmox.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.steward.proxmox.ClusterResources;
import dev.steward.proxmox.ClusterStatus;
import dev.steward.proxmox.Fingerprint;
import dev.steward.proxmox.Guest;
import dev.steward.proxmox.GuestConfig;
import dev.steward.proxmox.GuestState;
import dev.steward.proxmox.GuestType;
import dev.steward.proxmox.LogPage;
import dev.steward.proxmox.NodeState;
import dev.steward.proxmox.NodeStatus;
import dev.steward.proxmox.StoragePool;
import dev.steward.proxmox.StorageState;
import dev.steward.proxmox.TaskPage;
import dev.steward.proxmox.TaskState;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The decoders on the value shapes of each release, from the samples under {@code src/test/resources/samples}. */
class DecodingTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  static JsonNode sample(String name) {
    try (InputStream in = DecodingTest.class.getResourceAsStream("/samples/" + name)) {
      return MAPPER.readTree(in);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static JsonNode data(String name) {
    return sample(name).get("data");
  }

  @Test
  @DisplayName("the cluster view: guests, nodes and storages, a guest of a node that is down unknown, other types skipped")
  void readsTheClusterView() {
    ClusterResources view = ClusterDecoding.clusterResources(data("cluster-resources-9.1.json"));

    assertThat(view.guests()).extracting(Guest::id).containsExactly("qemu/100", "lxc/101", "qemu/1000");
    Guest web = view.guests().get(0);
    assertThat(web.state()).isEqualTo(GuestState.RUNNING);
    assertThat(web.tags()).containsExactly("prod", "web");
    assertThat(web.lock()).hasValue("backup");
    assertThat(web.cpus()).hasValue(4);
    assertThat(web.maxMemory()).hasValue(4294967296L);
    assertThat(web.usage()).hasValueSatisfying(u -> assertThat(u.uptimeSeconds()).isEqualTo(86400));
    Guest unknown = view.guests().get(2);
    assertThat(unknown.node()).isEqualTo("pve2");
    assertThat(unknown.state()).isEqualTo(GuestState.UNKNOWN);
    assertThat(unknown.name()).isEmpty();
    assertThat(unknown.usage()).isEmpty();
    assertThat(view.nodes()).extracting(n -> n.name() + ":" + n.state()).containsExactly("pve1:ONLINE", "pve2:OFFLINE");
    assertThat(view.nodes().get(1).usage()).isEmpty();
    assertThat(view.storages()).extracting(StoragePool::state).containsExactly(StorageState.AVAILABLE, StorageState.UNKNOWN);
    assertThat(view.storages().get(0).available()).hasValue(100861726720L - 21463228416L);
    assertThat(view.storages().get(1).total()).isEmpty();
  }

  @Test
  @DisplayName("container lists of 7.x: vmids as strings, a template flagged")
  void readsStringVmids() {
    List<Guest> containers = GuestDecoding.list(GuestType.LXC, "pve1", data("lxc-list-7.4.json"));

    assertThat(containers).extracting(Guest::vmid).containsExactly(101, 105);
    assertThat(containers).extracting(Guest::node).containsOnly("pve1");
    assertThat(containers.get(0).usage().orElseThrow().pid()).hasValue(12345);
    assertThat(containers.get(1).template()).isTrue();
    assertThat(containers.get(1).usage().orElseThrow().pid()).isEmpty();
  }

  @Test
  @DisplayName("VM lists of 9.x: extra keys ignored, numbers and flags as strings read")
  void readsNewKeysAndStringNumbers() {
    List<Guest> vms = GuestDecoding.list(GuestType.QEMU, "pve1", data("qemu-list-9.1.json"));

    assertThat(vms.get(0).qmpStatus()).hasValue("running");
    assertThat(vms.get(1).template()).isTrue();
    assertThat(vms.get(1).cpus()).hasValue(1);
    assertThat(vms.get(1).maxMemory()).hasValue(1073741824L);
    assertThat(vms.get(1).lock()).hasValue("create");
  }

  @Test
  @DisplayName("a node's status: load averages and the CPU clock as strings, boot mode from 8.0")
  void readsNodeStatus() {
    NodeStatus status = ClusterDecoding.nodeStatus("pve1", data("node-status-8.3.json"));

    assertThat(status.loadAverage()).containsExactly(0.52, 0.61, 0.58);
    assertThat(status.mhz()).isEqualTo(2850.0);
    assertThat(status.cpus()).isEqualTo(48);
    assertThat(status.pveVersion()).isEqualTo("pve-manager/8.3.5/dac3aa88bac3f300");
    assertThat(status.bootMode()).hasValue("efi");
    assertThat(status.memoryTotal()).isEqualTo(270205698048L);
  }

  @Test
  @DisplayName("configs: qemu memory as a property string (8.1), lxc memory as an int and raw lxc pairs as lines")
  void readsConfigs() {
    GuestConfig vm = GuestDecoding.config(data("qemu-config-8.1.json"));
    GuestConfig ct = GuestDecoding.config(data("lxc-config-7.4.json"));

    assertThat(vm.memoryMb()).hasValue(4096);
    assertThat(vm.cores()).hasValue(2);
    assertThat(vm.digest()).hasValue("5bd6f9e0cbd3f2f7a7a0e55b9a5c0f3c5f3a1c2d");
    assertThat(vm.get("net0")).hasValue("virtio=BC:24:11:00:00:01,bridge=vmbr0,firewall=1");
    assertThat(ct.memoryMb()).hasValue(512);
    assertThat(ct.get("lxc")).hasValue("lxc.cgroup2.devices.allow: c 10:200 rwm\nlxc.mount.entry: /dev/net dev/net none bind,create=dir");
  }

  @Test
  @DisplayName("a task page: running, OK, warnings, failed and unexpected; token users; 9-digit pstart; a malformed UPID skipped")
  void readsTasks() {
    JsonNode page = sample("tasks-page.json");

    TaskPage tasks = TaskDecoding.page("pve1", page.get("data"), Lenient.integer(page, "total"));

    assertThat(tasks.total()).isEqualTo(1234);
    assertThat(tasks.tasks()).extracting(t -> t.state()).containsExactly(TaskState.RUNNING, TaskState.OK, TaskState.WARNINGS,
        TaskState.FAILED, TaskState.UNKNOWN);
    assertThat(tasks.tasks().get(0).exitStatus()).isEmpty();
    assertThat(tasks.tasks().get(0).upid().id()).isEmpty();
    assertThat(tasks.tasks().get(1).endTime()).hasValue(Instant.ofEpochSecond(1695998198));
    assertThat(tasks.tasks().get(2).upid().token()).hasValue("probe");
    assertThat(tasks.tasks().get(2).upid().pstart()).isEqualTo(8_000_000_000L);
    assertThat(tasks.tasks().get(3).exitStatus()).hasValue("command 'lxc-start -n 105' failed: exit code 1");
  }

  @Test
  @DisplayName("a page without 'total' has total 0")
  void aMissingTotalIsZero() {
    assertThat(TaskDecoding.page("pve1", MAPPER.createArrayNode(), OptionalLong.empty()).total()).isZero();
  }

  @Test
  @DisplayName("a log of no lines, answered as one line 'no content', is read as empty")
  void noContentIsEmpty() throws IOException {
    LogPage empty = TaskDecoding.log(MAPPER.readTree("[{\"n\":1,\"t\":\"no content\"}]"), OptionalLong.of(1));
    LogPage one = TaskDecoding.log(MAPPER.readTree("[{\"n\":1,\"t\":\"TASK OK\"}]"), OptionalLong.of(1));

    assertThat(empty.lines()).isEmpty();
    assertThat(empty.total()).isZero();
    assertThat(one.lines()).hasSize(1);
  }

  @Test
  @DisplayName("storages of a node: enabled and active as strings, disabled and inactive told apart")
  void readsStorages() {
    List<StoragePool> pools = StorageDecoding.list("pve1", data("storage-list.json"));

    assertThat(pools).extracting(StoragePool::state).containsExactly(StorageState.AVAILABLE, StorageState.INACTIVE,
        StorageState.DISABLED);
    assertThat(pools.get(0).content()).containsExactly("backup", "iso", "vztmpl");
    assertThat(pools.get(1).shared()).isTrue();
  }

  @Test
  @DisplayName("the cluster status: name and quorum, members sorted, online as 0/1 or '1'")
  void readsClusterStatus() {
    ClusterStatus status = ClusterDecoding.clusterStatus(data("cluster-status.json"));

    assertThat(status.name()).hasValue("lab");
    assertThat(status.quorate()).hasValue(true);
    assertThat(status.members()).extracting(m -> m.name() + ":" + m.online()).containsExactly("pve1:true", "pve2:false", "pve3:true");
    assertThat(status.member("pve2").flatMap(m -> m.ip())).hasValue("10.10.10.12");
  }

  @Test
  @DisplayName("a node's certificate fingerprint is read; one that is not a fingerprint is left out")
  void readsNodeFingerprints() throws IOException {
    String pin = "F6:82:AF:38:F3:5B:85:E4:C2:79:80:21:99:BF:8F:5F:D4:B9:FE:63:69:5D:26:31:FE:A5:65:A2:05:EC:59:F5";
    JsonNode nodes = MAPPER.readTree("[{\"node\":\"pve1\",\"status\":\"online\",\"ssl_fingerprint\":\"" + pin + "\"},"
        + "{\"node\":\"pve2\",\"status\":\"unknown\",\"ssl_fingerprint\":\"garbage\"}]");

    assertThat(ClusterDecoding.nodes(nodes)).satisfiesExactly(
        n -> assertThat(n.sslFingerprint()).hasValue(Fingerprint.parse(pin)),
        n -> {
          assertThat(n.state()).isEqualTo(NodeState.UNKNOWN);
          assertThat(n.sslFingerprint()).isEmpty();
        });
  }

  @Test
  @DisplayName("times out of any calendar's range are left out, not thrown")
  void absurdTimesAreLeftOut() throws IOException {
    JsonNode volume = MAPPER.readTree("[{\"volid\":\"local:iso/x.iso\",\"ctime\":9223372036854775807}]");
    JsonNode task = MAPPER.readTree("[{\"upid\":\"UPID:pve1:0003A1B2:0074B9C5:6516E0F4:qmstart:100:root@pam:\","
        + "\"status\":\"OK\",\"endtime\":\"-9223372036854775808\"}]");

    assertThat(StorageDecoding.content("pve1", "local", volume).get(0).created()).isEmpty();
    assertThat(TaskDecoding.page("pve1", task, OptionalLong.empty()).tasks().get(0).endTime()).isEmpty();
  }

  @Test
  @DisplayName("an item without what every release sends (a guest's vmid, a node's name) is a malformed answer")
  void missingEssentialsAreMalformed() throws IOException {
    assertThatThrownBy(() -> GuestDecoding.list(GuestType.QEMU, "pve1", MAPPER.readTree("[{\"name\":\"x\",\"status\":\"running\"}]")))
        .isInstanceOf(MalformedItem.class).hasMessageContaining("has no vmid");
    assertThatThrownBy(() -> ClusterDecoding.nodes(MAPPER.readTree("[{\"status\":\"online\"}]")))
        .isInstanceOf(MalformedItem.class).hasMessageContaining("has no 'node'");
  }
}
