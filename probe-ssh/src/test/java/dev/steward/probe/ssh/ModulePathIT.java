package dev.steward.probe.ssh;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steward.testsupport.ModuleProgram;
import dev.steward.testsupport.ssh.EmbeddedSshd;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The built jar works on the module path: a program compiled as a module that requires only
 * {@code dev.steward.probe.ssh} runs in a JVM of its own with core, SSHD (the automatic module
 * {@code org.apache.sshd.osgi}), Bouncy Castle and SLF4J as modules, finds the {@code ssh}
 * provider through core's ServiceLoader, and logs into a server with an ed25519 key. Runs after
 * {@code package}, on the jar itself.
 */
class ModulePathIT {
  @TempDir
  Path dir;

  @Test
  @DisplayName("runs a command from a module-path program, with SSHD as the automatic module org.apache.sshd.osgi")
  void runsOnTheModulePath() throws Exception {
    ModuleProgram program = ModuleProgram.of("steward-probe-ssh",
        ".*(sshd-osgi|bcprov-jdk18on|slf4j-api|jackson-(core|databind|annotations))-[^/]*\\.jar|.*steward-core-[^/]*\\.jar|.*core/target/classes");
    ModuleFinder finder = ModuleFinder.of(program.modules().toArray(Path[]::new));
    assertThat(finder.find("org.apache.sshd.osgi").orElseThrow().descriptor().isAutomatic()).isTrue();
    ModuleDescriptor ours = finder.find("dev.steward.probe.ssh").orElseThrow().descriptor();
    assertThat(ours.isAutomatic()).isFalse();
    assertThat(ours.exports()).extracting(ModuleDescriptor.Exports::source).containsExactly("dev.steward.probe.ssh");
    String source = String.join("\n",
        "package smoke;",
        "import dev.steward.*;",
        "import dev.steward.discovery.*;",
        "public class Smoke {",
        "  public static void main(String[] a) {",
        "    Settings s = Settings.builder().set(\"steward.transport\", \"ssh\").set(\"steward.ssh.known-hosts\", a[1])",
        "        .set(\"steward.ssh.identity-files\", a[2]).set(\"steward.ssh.config\", \"none\").set(\"steward.ssh.agent\", \"none\").build();",
        "    try (Transport t = ProviderRegistry.discover().create(ExtensionPoint.TRANSPORT, s)) {",
        "      System.out.print(t.getClass().getModule().getName() + \": \" + t.run(a[0], Command.of(\"printf\", \"%s\", \"module path\")).stdout());",
        "    }",
        "  }",
        "}", "");

    Path key = Keys.generate(dir, "id_ed25519", "ed25519", "");
    Keys.authorize(key, dir.resolve("authorized_keys"));
    try (EmbeddedSshd sshd = EmbeddedSshd.start(dir.resolve("hostkey"), dir.resolve("authorized_keys"), 0)) {
      Files.writeString(dir.resolve("known_hosts"), sshd.knownHostsLine() + "\n");

      List<String> out = program.run(dir, "dev.steward.probe.ssh", source,
          List.of(sshd.host(), dir.resolve("known_hosts").toString(), key.toString()));

      assertThat(out).containsExactly("dev.steward.probe.ssh: module path");
    }
  }
}
