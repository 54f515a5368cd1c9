package dev.steward.proxmox.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steward.Probe;
import dev.steward.Settings;
import dev.steward.discovery.ExtensionPoint;
import dev.steward.discovery.ProviderRegistry;
import dev.steward.proxmox.ProxmoxProbe;
import dev.steward.proxmox.ProxmoxSettings;
import dev.steward.spi.ProbeProvider;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ServiceLoader;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The provider is found by id, lists its settings, and builds a probe without connecting anywhere. */
class ProxmoxProbeProviderTest {
  @TempDir
  Path dir;

  @Test
  @DisplayName("ServiceLoader finds the 'proxmox' probe provider, with a description and every setting")
  void isFoundById() {
    ProbeProvider provider = ServiceLoader.load(ProbeProvider.class).stream().map(ServiceLoader.Provider::get)
        .filter(p -> p.id().equals("proxmox")).findFirst().orElseThrow();

    assertThat(provider.description()).contains("Proxmox VE");
    assertThat(provider.settings()).containsExactlyElementsOf(ProxmoxSettings.all());
  }

  @Test
  @DisplayName("building the probe from settings connects nowhere (the server need not exist yet)")
  void buildsWithoutConnecting() throws Exception {
    Path secret = Files.writeString(dir.resolve("secret"), "abc\n");
    Settings settings = Settings.builder().set("steward.probe", "proxmox")
        .set(ProxmoxSettings.URL.name(), "https://192.0.2.1:8006")
        .set(ProxmoxSettings.TOKEN_ID.name(), "steward@pve!probe")
        .set(ProxmoxSettings.TOKEN_SECRET_FILE.name(), secret.toString()).build();

    Probe probe = ProviderRegistry.discover().create(ExtensionPoint.PROBE, settings);

    assertThat(probe).isInstanceOf(ProxmoxProbe.class);
    assertThat(((ProxmoxProbe) probe).discovery().client().stats().requests()).isZero();
  }
}
