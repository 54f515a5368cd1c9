package dev.steward.firewall.ufw;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The built jar is the named module that provides the 'ufw' firewall manager, found the same way on either path. */
class ModuleDescriptorIT {
  private static final String SERVICE = "dev.steward.spi.FirewallManagerProvider";
  private static Path jar;
  private static ModuleDescriptor descriptor;

  @BeforeAll
  static void findTheBuiltJar() throws IOException {
    try (Stream<Path> files = Files.list(Path.of("target"))) {
      List<Path> jars = files.filter(p -> p.getFileName().toString().matches("steward-firewall-ufw-[^/]*(?<!-sources|-javadoc|-tests)\\.jar"))
          .collect(Collectors.toList());
      assertThat(jars).as("the jar built by 'package'").hasSize(1);
      jar = jars.get(0);
    }
    List<ModuleReference> modules = List.copyOf(ModuleFinder.of(jar).findAll());
    assertThat(modules).hasSize(1);
    descriptor = modules.get(0).descriptor();
  }

  @Test
  void isTheNamedModuleThatProvidesTheUfwManagerItsServiceFileRegisters() throws IOException {
    assertThat(descriptor.name()).isEqualTo("dev.steward.firewall.ufw");
    assertThat(descriptor.isAutomatic()).isFalse();
    Set<String> provided = descriptor.provides().stream().filter(p -> p.service().equals(SERVICE))
        .flatMap(p -> p.providers().stream()).collect(Collectors.toCollection(TreeSet::new));
    try (JarFile file = new JarFile(jar.toFile()); InputStream in = file.getInputStream(file.getEntry("META-INF/services/" + SERVICE))) {
      Set<String> registered = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().map(String::strip)
          .filter(l -> !l.isEmpty() && !l.startsWith("#")).collect(Collectors.toCollection(TreeSet::new));
      assertThat(provided).isEqualTo(registered).containsExactly("dev.steward.firewall.ufw.internal.UfwFirewallManagerProvider");
    }
    assertThat(descriptor.provides()).hasSize(1);
  }

  @Test
  void exportsOnlyTheExceptionsPackage() {
    assertThat(descriptor.exports()).extracting(ModuleDescriptor.Exports::source).containsExactly("dev.steward.firewall.ufw");
    assertThat(descriptor.packages()).contains("dev.steward.firewall.ufw.internal");
    assertThat(descriptor.opens()).isEmpty();
  }
}
