package dev.steward.proxmox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steward.proxmox.simulator.GuestSummary;
import dev.steward.proxmox.simulator.Profile;
import dev.steward.proxmox.simulator.ProxmoxSimulator;
import dev.steward.testsupport.MutableClock;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every release's value shapes decode the same: string lxc vmids (before 8.2), int or string qemu
 * {@code memory} (from 8.1), string load averages and CPU clocks, 0/1 booleans, keys that come and
 * go ({@code memhost}, {@code pressure*}, {@code boot-info}), and 9.x's {@code network} items in the
 * cluster view, which are skipped.
 */
class ProfilesIT {
  private final MutableClock clock = MutableClock.startingAtEpochOf2026();

  @ParameterizedTest(name = "PVE {0}")
  @EnumSource(value = Profile.class, names = {"PVE_7_4", "PVE_8_1", "PVE_8_3", "PVE_8_4", "PVE_9_1"})
  @DisplayName("a whole discovery reads every release alike")
  void decodesEveryRelease(Profile profile) {
    try (ProxmoxSimulator pve = Pve.simulator(clock).profile(profile).nodes(3).guests(30).start()) {
      ProxmoxClient client = Pve.client(pve, clock, new Pve.RecordingSleeper(clock)).build();

      DiscoveryResult result = new ProxmoxDiscovery(client).discover();

      assertThat(result.failures()).isEmpty();
      assertThat(result.version()).hasValueSatisfying(v -> {
        assertThat(v.version()).isEqualTo(profile.version());
        assertThat(v.major()).isEqualTo(profile.major());
        assertThat(v.minor()).isEqualTo(profile.minor());
      });
      assertThat(result.guests()).hasSize(30);
      for (GuestSummary expected : pve.guests()) {
        Guest guest = result.guest(expected.vmid()).orElseThrow();
        assertThat(guest.type().name()).isEqualTo(expected.type().name());
        assertThat(guest.name()).hasValue(expected.name());
        assertThat(guest.template()).isEqualTo(expected.template());
        assertThat(guest.maxMemory()).hasValue(expected.memoryMb() * 1024 * 1024);
        assertThat(guest.config().orElseThrow().memoryMb()).hasValue(expected.memoryMb());
        if (expected.running()) {
          assertThat(guest.usage().orElseThrow().pid()).isPresent();
        }
      }
      assertThat(result.guests()).filteredOn(g -> g.type() == GuestType.LXC).isNotEmpty();
      assertThat(result.nodes()).allSatisfy(node -> assertThat(node.status()).hasValueSatisfying(s -> {
        assertThat(s.loadAverage()).hasSize(3).allSatisfy(load -> assertThat(load).isPositive());
        assertThat(s.mhz()).isPositive();
        assertThat(s.pveVersion()).isEqualTo(profile.pveversion());
        assertThat(s.bootMode().isPresent()).isEqualTo(profile.nodeStatusHasBootInfo());
      }));
      assertThat(result.storages()).isNotEmpty().allSatisfy(s -> assertThat(s.total()).isPresent());
      assertThat(result.tasks()).isNotEmpty();
    }
  }
}
