package dev.steward.proxmox;

import dev.steward.ResourceKey;
import dev.steward.Settings;
import dev.steward.proxmox.simulator.GuestSummary;
import dev.steward.proxmox.simulator.ProxmoxSimulator;
import dev.steward.testkit.contract.ProbeContract;
import dev.steward.testsupport.MutableClock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The {@code proxmox} probe keeps the contract of every probe, found by id and built from settings:
 * {@code pve1} is reached, {@code pve3} is down, and a VM on {@code pve1} is the resource present.
 */
class ProxmoxProbeContractIT extends ProbeContract {
  private static ProxmoxSimulator pve;
  private static Path secretFile;

  @BeforeAll
  static void startTheCluster() throws IOException {
    pve = Pve.simulator(MutableClock.startingAtEpochOf2026()).nodes(3).guests(20).tasksPerNode(20).start();
    pve.markNodeDown("pve3");
    secretFile = Files.createTempFile("proxmox-token", ".secret");
    Files.writeString(secretFile, Pve.TOKEN_SECRET + "\n");
  }

  @AfterAll
  static void stopTheCluster() throws IOException {
    pve.close();
    Files.deleteIfExists(secretFile);
  }

  @Override
  protected String providerId() {
    return "proxmox";
  }

  @Override
  protected Settings.Builder settings() {
    return Settings.builder()
        .set(ProxmoxSettings.URL.name(), pve.baseUri().toString())
        .set(ProxmoxSettings.TOKEN_ID.name(), Pve.TOKEN_ID)
        .set(ProxmoxSettings.TOKEN_SECRET_FILE.name(), secretFile.toString())
        .set(ProxmoxSettings.FINGERPRINT.name(), pve.fingerprint());
  }

  @Override
  protected String reachableHost() {
    return "pve1";
  }

  @Override
  protected String unreachableHost() {
    return "pve3";
  }

  @Override
  protected ResourceKey presentResource() {
    GuestSummary vm = pve.guests().stream().filter(g -> g.node().equals("pve1") && g.type().name().equals("QEMU")).findFirst()
        .orElseThrow();
    return ResourceKey.of(ProxmoxResources.KIND_QEMU, Integer.toString(vm.vmid()), "pve1");
  }

  @Override
  protected Set<String> stableAttributes() {
    return Set.of("name", "status", "maxmem", "config.memory", "config.digest");
  }
}
