package dev.steward.proxmox.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The value quirks of each release, as proxmox.md §2 and formats.md §6 list them. */
class ProfilesTest {

  private static ProxmoxSimulator start(Profile profile) {
    return ProxmoxSimulator.builder().profile(profile).nodes(1).guests(30).seed(11).authDelay(Duration.ZERO).start();
  }

  @ParameterizedTest
  @EnumSource(Profile.class)
  void answersVersionWithTheReleasesShapes(Profile profile) {
    try (ProxmoxSimulator pve = start(profile)) {
      JsonNode version = new Api(pve).get("/version").data();

      assertThat(version.get("release").asText()).isEqualTo(profile.release());
      assertThat(version.get("version").asText()).isEqualTo(profile.version())
          .matches(profile.major() == 7 ? "7\\.\\d+-\\d+" : "\\d+\\.\\d+\\.\\d+");
      assertThat(version.get("repoid").asText()).matches(profile.major() == 7 ? "[0-9a-f]{8}" : "[0-9a-f]{16}");
    }
  }

  @ParameterizedTest
  @EnumSource(Profile.class)
  void writesLxcVmidsAsStringsBefore8Point2(Profile profile) {
    try (ProxmoxSimulator pve = start(profile)) {
      JsonNode containers = new Api(pve).get("/nodes/pve1/lxc").data();

      assertThat(containers).isNotEmpty();
      boolean strings = profile == Profile.PVE_7_4 || profile == Profile.PVE_8_1;
      containers.forEach(ct -> assertThat(ct.get("vmid").isTextual()).isEqualTo(strings));
      new Api(pve).get("/nodes/pve1/qemu").data().forEach(vm -> assertThat(vm.get("vmid").isInt()).isTrue());
    }
  }

  @ParameterizedTest
  @EnumSource(Profile.class)
  void writesNodeLoadAndMhzAsStringsAndBootInfoFrom8(Profile profile) {
    try (ProxmoxSimulator pve = start(profile)) {
      JsonNode status = new Api(pve).get("/nodes/pve1/status").data();

      assertThat(status.get("loadavg")).hasSize(3).allSatisfy(load -> assertThat(load.isTextual()).isTrue());
      assertThat(status.get("loadavg").get(0).asText()).matches("\\d+\\.\\d{2}");
      assertThat(status.get("cpuinfo").get("mhz").asText()).matches("\\d+\\.\\d{3}");
      assertThat(status.get("cpuinfo").get("mhz").isTextual()).isTrue();
      assertThat(status.get("cpuinfo").get("hvm").asText()).isEqualTo("1");
      assertThat(status.get("pveversion").asText()).isEqualTo("pve-manager/" + profile.version() + "/" + profile.repoid());
      assertThat(status.has("boot-info")).isEqualTo(profile.major() >= 8);
      assertThat(status.has("current-kernel")).isEqualTo(profile.major() >= 8);
    }
  }

  @ParameterizedTest
  @EnumSource(Profile.class)
  void writesQemuConfigMemoryAsAStringFrom8Point1AndLxcMemoryAsAnInt(Profile profile) {
    try (ProxmoxSimulator pve = start(profile)) {
      Api api = new Api(pve);
      GuestSummary vm = first(pve, g -> g.type() == GuestType.QEMU);
      GuestSummary ct = first(pve, g -> g.type() == GuestType.LXC);

      JsonNode vmConfig = api.get("/nodes/pve1/qemu/" + vm.vmid() + "/config").data();
      assertThat(vmConfig.get("memory").isTextual()).isEqualTo(profile != Profile.PVE_7_4);
      assertThat(vmConfig.get("memory").asLong()).isEqualTo(vm.memoryMb());
      assertThat(vmConfig.get("digest").asText()).matches("[0-9a-f]{40}");
      JsonNode ctConfig = api.get("/nodes/pve1/lxc/" + ct.vmid() + "/config").data();
      assertThat(ctConfig.get("memory").isInt()).isTrue();
      assertThat(ctConfig.get("swap").isInt()).isTrue();
    }
  }

  @ParameterizedTest
  @EnumSource(Profile.class)
  void leavesOutKeysOfStoppedGuestsAndAddsPressureOn9(Profile profile) {
    try (ProxmoxSimulator pve = start(profile)) {
      JsonNode vms = new Api(pve).get("/nodes/pve1/qemu").data();
      List<JsonNode> running = new ArrayList<>();
      List<JsonNode> stopped = new ArrayList<>();
      vms.forEach(vm -> (vm.get("status").asText().equals("running") ? running : stopped).add(vm));

      assertThat(running).isNotEmpty().allSatisfy(vm -> {
        assertThat(vm.has("pid")).isTrue();
        assertThat(vm.has("memhost")).isEqualTo(profile.major() >= 9);
        assertThat(vm.has("pressurememoryfull")).isEqualTo(profile.major() >= 9);
      });
      assertThat(stopped).isNotEmpty().allSatisfy(vm -> {
        assertThat(vm.has("pid")).isFalse();
        assertThat(vm.has("memhost")).isFalse();
      });
      vms.forEach(vm -> assertThat(!vm.has("template") || vm.get("template").asInt() == 1).isTrue());
    }
  }

  @ParameterizedTest
  @EnumSource(Profile.class)
  void reportsQemuInternalsOnlyWhileAVmRuns(Profile profile) {
    try (ProxmoxSimulator pve = start(profile)) {
      Api api = new Api(pve);
      GuestSummary up = first(pve, g -> g.type() == GuestType.QEMU && g.running());
      GuestSummary down = first(pve, g -> g.type() == GuestType.QEMU && !g.running());

      JsonNode running = api.get("/nodes/pve1/qemu/" + up.vmid() + "/status/current").data();
      assertThat(running.get("qmpstatus").asText()).isEqualTo("running");
      assertThat(running.get("proxmox-support").get("pbs-dirty-bitmap").isBoolean()).isTrue();
      assertThat(running.has("blockstat")).isTrue();
      assertThat(running.get("ha").get("managed").asInt()).isZero();
      JsonNode stopped = api.get("/nodes/pve1/qemu/" + down.vmid() + "/status/current").data();
      assertThat(stopped.get("status").asText()).isEqualTo("stopped");
      assertThat(stopped.has("blockstat") || stopped.has("proxmox-support") || stopped.has("pid")).isFalse();
    }
  }

  @ParameterizedTest
  @EnumSource(Profile.class)
  void listsNetworkResourcesOnlyOn9(Profile profile) {
    try (ProxmoxSimulator pve = start(profile)) {
      JsonNode resources = new Api(pve).get("/cluster/resources").data();

      assertThat(resources.findValuesAsText("type").contains("network")).isEqualTo(profile.major() >= 9);
    }
  }

  @ParameterizedTest
  @EnumSource(Profile.class)
  void putsTheMessageInErrorBodiesFrom8Point4(Profile profile) {
    try (ProxmoxSimulator pve = start(profile)) {
      JsonNode error = new Api(pve).get("/nodes/pve1/tasks?colour=red").json();

      assertThat(error.has("errors")).isTrue();
      assertThat(error.has("message")).isEqualTo(profile.atLeast(8, 4));
      if (profile.atLeast(8, 4)) {
        assertThat(error.get("message").asText()).isEqualTo("Parameter verification failed.\n");
      }
    }
  }

  private static GuestSummary first(ProxmoxSimulator pve, Predicate<GuestSummary> wanted) {
    return pve.guests().stream().filter(g -> !g.template()).filter(wanted).findFirst().orElseThrow();
  }
}
