package dev.steward.proxmox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steward.proxmox.simulator.ProxmoxSimulator;
import dev.steward.testsupport.ModuleProgram;
import dev.steward.testsupport.MutableClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The built jar works on the module path: a program compiled as a module that requires only
 * {@code dev.steward.probe.proxmox} runs in a JVM of its own with core, Jackson and SLF4J as
 * modules, finds the {@code proxmox} probe through core's ServiceLoader, and reads a simulated
 * cluster over HTTPS with the JDK's {@code java.net.http}. Runs after {@code package}, on the jar.
 */
class ModulePathIT {
  @TempDir
  Path dir;

  @Test
  @DisplayName("observes a simulated node from a module-path program, selecting the probe by id")
  void runsOnTheModulePath() throws Exception {
    ModuleProgram program = ModuleProgram.of("steward-probe-proxmox",
        ".*(slf4j-api|jackson-(core|databind|annotations))-[^/]*\\.jar|.*steward-core-[^/]*\\.jar|.*core/target/classes");
    Path secret = dir.resolve("token.secret");
    Files.writeString(secret, Pve.TOKEN_SECRET + "\n");

    try (ProxmoxSimulator pve = Pve.simulator(MutableClock.startingAtEpochOf2026()).start()) {
      List<String> out = program.run(dir, "dev.steward.probe.proxmox", String.join("\n",
          "package smoke;",
          "import dev.steward.*;",
          "import dev.steward.discovery.*;",
          "public class Smoke {",
          "  public static void main(String[] a) {",
          "    Settings s = Settings.builder().set(\"steward.probe\", \"proxmox\").set(\"steward.proxmox.url\", a[0])",
          "        .set(\"steward.proxmox.token-id\", a[1]).set(\"steward.proxmox.token-secret-file\", a[2])",
          "        .set(\"steward.proxmox.fingerprint\", a[3]).build();",
          "    Probe p = ProviderRegistry.discover().create(ExtensionPoint.PROBE, s);",
          "    Observation o = p.observe(\"pve1\");",
          "    System.out.print(p.getClass().getModule().getName() + \": \" + o.isReachable());",
          "  }",
          "}", ""), List.of(pve.baseUri().toString(), Pve.TOKEN_ID, secret.toString(), pve.fingerprint()));

      assertThat(out).containsExactly("dev.steward.probe.proxmox: true");
    }
  }
}
