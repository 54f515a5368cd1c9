package dev.steward.probe.ssh;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steward.testsupport.ssh.EmbeddedSshd;
import java.io.File;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
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
    List<Path> modules = new ArrayList<>();
    try (Stream<Path> files = Files.list(Path.of("target"))) {
      modules.addAll(files.filter(p -> p.getFileName().toString().matches("steward-probe-ssh-[^/]*(?<!-sources|-javadoc|-tests)\\.jar"))
          .collect(Collectors.toList()));
    }
    assertThat(modules).as("the probe-ssh jar in target/").hasSize(1);
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      if (entry.matches(".*(sshd-osgi|bcprov-jdk18on|slf4j-api|jackson-(core|databind|annotations))-[^/]*\\.jar")
          || entry.matches(".*steward-core-[^/]*\\.jar") || entry.endsWith("core/target/classes")) {
        modules.add(Path.of(entry));
      }
    }
    ModuleFinder finder = ModuleFinder.of(modules.toArray(Path[]::new));
    assertThat(finder.find("org.apache.sshd.osgi").orElseThrow().descriptor().isAutomatic()).isTrue();
    ModuleDescriptor ours = finder.find("dev.steward.probe.ssh").orElseThrow().descriptor();
    assertThat(ours.isAutomatic()).isFalse();
    assertThat(ours.exports()).extracting(ModuleDescriptor.Exports::source).containsExactly("dev.steward.probe.ssh");
    String modulePath = modules.stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator));

    Path src = dir.resolve("src");
    Files.createDirectories(src.resolve("smoke"));
    Files.writeString(src.resolve("module-info.java"), "module steward.smoke { requires dev.steward.probe.ssh; }\n");
    Files.writeString(src.resolve("smoke/Smoke.java"), String.join("\n",
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
        "}", ""));
    Path classes = dir.resolve("classes");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String javac = Path.of(System.getProperty("java.home"), "bin", "javac").toString();
    Keys.run(List.of(javac, "-p", modulePath, "-d", classes.toString(),
        src.resolve("module-info.java").toString(), src.resolve("smoke/Smoke.java").toString()));

    Path key = Keys.generate(dir, "id_ed25519", "ed25519", "");
    Keys.authorize(key, dir.resolve("authorized_keys"));
    try (EmbeddedSshd sshd = EmbeddedSshd.start(dir.resolve("hostkey"), dir.resolve("authorized_keys"), 0)) {
      Files.writeString(dir.resolve("known_hosts"), sshd.knownHostsLine() + "\n");

      String out = Keys.run(List.of(java, "-p", modulePath + File.pathSeparator + classes, "-m", "steward.smoke/smoke.Smoke",
          sshd.host(), dir.resolve("known_hosts").toString(), key.toString()));

      assertThat(out.lines().filter(l -> !l.startsWith("SLF4J"))).containsExactly("dev.steward.probe.ssh: module path");
    }
  }
}
