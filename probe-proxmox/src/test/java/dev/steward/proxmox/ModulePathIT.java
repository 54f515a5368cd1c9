package dev.steward.proxmox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steward.proxmox.simulator.ProxmoxSimulator;
import dev.steward.testsupport.MutableClock;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
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
    List<Path> modules = new ArrayList<>();
    try (Stream<Path> files = Files.list(Path.of("target"))) {
      modules.addAll(files.filter(p -> p.getFileName().toString().matches("steward-probe-proxmox-[^/]*(?<!-sources|-javadoc|-tests)\\.jar"))
          .collect(Collectors.toList()));
    }
    assertThat(modules).as("the probe-proxmox jar in target/").hasSize(1);
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      if (entry.matches(".*(slf4j-api|jackson-(core|databind|annotations))-[^/]*\\.jar")
          || entry.matches(".*steward-core-[^/]*\\.jar") || entry.endsWith("core/target/classes")) {
        modules.add(Path.of(entry));
      }
    }
    String modulePath = modules.stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator));
    Path src = dir.resolve("src");
    Files.createDirectories(src.resolve("smoke"));
    Files.writeString(src.resolve("module-info.java"), "module steward.smoke { requires dev.steward.probe.proxmox; }\n");
    Files.writeString(src.resolve("smoke/Smoke.java"), String.join("\n",
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
        "}", ""));
    Path classes = dir.resolve("classes");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String javac = Path.of(System.getProperty("java.home"), "bin", "javac").toString();
    run(List.of(javac, "-p", modulePath, "-d", classes.toString(), src.resolve("module-info.java").toString(),
        src.resolve("smoke/Smoke.java").toString()));
    Path secret = dir.resolve("token.secret");
    Files.writeString(secret, Pve.TOKEN_SECRET + "\n");

    try (ProxmoxSimulator pve = Pve.simulator(MutableClock.startingAtEpochOf2026()).start()) {
      String out = run(List.of(java, "-p", modulePath + File.pathSeparator + classes, "-m", "steward.smoke/smoke.Smoke",
          pve.baseUri().toString(), Pve.TOKEN_ID, secret.toString(), pve.fingerprint()));

      assertThat(out.lines().filter(l -> !l.startsWith("SLF4J"))).containsExactly("dev.steward.probe.proxmox: true");
    }
  }

  private static String run(List<String> argv) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IOException(String.join(" ", argv) + " failed: " + out);
    }
    return out;
  }
}
