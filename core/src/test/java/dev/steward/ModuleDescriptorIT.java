package dev.steward;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steward.discovery.ExtensionPoint;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.lang.module.Configuration;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The built core jar works the same on the module path as on the class path: module-info.java
 * declares exactly the providers META-INF/services registers, uses every extension point, keeps
 * the internal packages to itself, and a module layer made from it finds the built-in providers.
 * Runs after {@code package}, on the jar itself.
 */
class ModuleDescriptorIT {
  private static final String SERVICES = "META-INF/services/";

  private static Path coreJar;
  private static ModuleDescriptor descriptor;

  @BeforeAll
  static void findTheBuiltJar() throws IOException {
    Pattern name = Pattern.compile("steward-core-[^/]*\\.jar");
    try (Stream<Path> files = Files.list(Path.of("target"))) {
      List<Path> jars = files.filter(p -> name.matcher(p.getFileName().toString()).matches())
          .filter(p -> !p.getFileName().toString().matches(".*-(sources|javadoc|tests)\\.jar"))
          .collect(Collectors.toList());
      assertThat(jars).as("the core jar built by 'package' in %s", Path.of("target").toAbsolutePath()).hasSize(1);
      coreJar = jars.get(0);
    }
    List<ModuleReference> modules = new ArrayList<>(ModuleFinder.of(coreJar).findAll());
    assertThat(modules).as("modules in %s", coreJar).hasSize(1);
    descriptor = modules.get(0).descriptor();
  }

  @Test
  void theJarIsTheNamedModuleDevStewardCore() {
    assertThat(descriptor.name()).isEqualTo("dev.steward.core");
    assertThat(descriptor.isAutomatic()).isFalse();
  }

  @Test
  @DisplayName("module-info provides exactly what META-INF/services registers, in the same jar")
  void providesMatchTheServiceFilesExactly() throws IOException {
    Map<String, Set<String>> provided = new TreeMap<>();
    for (ModuleDescriptor.Provides provides : descriptor.provides()) {
      assertThat(provides.providers()).as("providers of %s", provides.service()).doesNotHaveDuplicates();
      provided.put(provides.service(), new TreeSet<>(provides.providers()));
    }

    Map<String, Set<String>> registered = serviceFiles(coreJar);

    assertThat(provided).isEqualTo(registered);
    assertThat(registered).containsOnlyKeys(
        "dev.steward.spi.KindProvider",
        "dev.steward.spi.TransportProvider",
        "dev.steward.spi.ProbeProvider",
        "dev.steward.spi.FirewallManagerProvider",
        "dev.steward.spi.NodeSelectorProvider",
        "dev.steward.spi.StateStoreProvider",
        "dev.steward.spi.LeaderElectionProvider");
  }

  @Test
  void usesEveryExtensionPoint() {
    Set<String> providerTypes = ExtensionPoint.all().stream()
        .map(point -> point.providerType().getName())
        .collect(Collectors.toCollection(TreeSet::new));

    assertThat(new TreeSet<>(descriptor.uses())).isEqualTo(providerTypes);
  }

  @Test
  @DisplayName("exports the API and SPI to all, the process table only to the process manager, the change feed's rules, the elections' candidates and the state document only to the postgres store, and no other internal package")
  void exportsTheApiAndSpiButNotTheInternalPackages() {
    Set<String> exported = descriptor.exports().stream().filter(e -> !e.isQualified()).map(ModuleDescriptor.Exports::source)
        .collect(Collectors.toCollection(TreeSet::new));
    Map<String, Set<String>> qualified = descriptor.exports().stream().filter(ModuleDescriptor.Exports::isQualified)
        .collect(Collectors.toMap(ModuleDescriptor.Exports::source, ModuleDescriptor.Exports::targets));

    assertThat(exported).containsExactly(
        "dev.steward", "dev.steward.discovery", "dev.steward.drift", "dev.steward.leader", "dev.steward.migration", "dev.steward.node", "dev.steward.observe", "dev.steward.plan", "dev.steward.reconcile", "dev.steward.spi", "dev.steward.spi.http", "dev.steward.spi.support", "dev.steward.status",
        "dev.steward.store");
    assertThat(qualified).isEqualTo(Map.of("dev.steward.internal.proc", Set.of("dev.steward.manager.process"),
        "dev.steward.internal.store", Set.of("dev.steward.store.postgres"),
        "dev.steward.internal.election", Set.of("dev.steward.store.postgres"),
        "dev.steward.internal.store.file", Set.of("dev.steward.store.postgres")));
    assertThat(descriptor.opens()).isEmpty();
    assertThat(descriptor.packages()).contains(
        "dev.steward.internal.election", "dev.steward.internal.firewall", "dev.steward.internal.leader", "dev.steward.internal.probe", "dev.steward.internal.proc", "dev.steward.internal.selector", "dev.steward.internal.store",
        "dev.steward.internal.store.file",
        "dev.steward.internal.transport");
    assertThat(descriptor.packages().stream().filter(p -> p.contains(".internal")))
        .isNotEmpty()
        .allSatisfy(p -> assertThat(exported).doesNotContain(p));
  }

  @Test
  @DisplayName("on the module path, ServiceLoader finds the built-in providers of every extension point")
  void aModuleLayerFromTheJarFindsTheBuiltIns() throws Exception {
    ModuleLayer layer = layerOf(coreJar);
    ClassLoader loader = layer.findLoader("dev.steward.core");

    Map<String, List<String>> ids = new TreeMap<>();
    for (ExtensionPoint<?, ?> point : ExtensionPoint.all()) {
      Class<?> type = loader.loadClass(point.providerType().getName());
      assertThat(type).as("the layer's own copy").isNotSameAs(point.providerType());
      assertThat(type.getModule().getName()).isEqualTo("dev.steward.core");
      Method id = type.getMethod("id");
      List<String> found = new ArrayList<>();
      for (ServiceLoader.Provider<?> provider : ServiceLoader.load(layer, type).stream().collect(Collectors.toList())) {
        assertThat(provider.type().getModule()).isSameAs(type.getModule());
        found.add((String) id.invoke(provider.get()));
      }
      Collections.sort(found);
      ids.put(point.providerType().getSimpleName(), found);
    }

    assertThat(ids).containsExactlyInAnyOrderEntriesOf(Map.of(
        "KindProvider", List.of("node"),
        "TransportProvider", List.of("local"),
        "ProbeProvider", List.of("local"),
        "ProcessManagerProvider", List.of(),
        "FirewallManagerProvider", List.of("none"),
        "NodeSelectorProvider", List.of("least-records", "most-shunned", "oldest", "youngest"),
        "StateStoreProvider", List.of("file", "memory"),
        "LeaderElectionProvider", List.of("file")));
  }

  @Test
  void theInternalPackagesAreClosedToOtherModules() throws Exception {
    ModuleLayer layer = layerOf(coreJar);
    Module core = layer.findModule("dev.steward.core").orElseThrow();

    assertThat(core.isExported("dev.steward.spi")).isTrue();
    assertThat(core.isExported("dev.steward.internal.selector")).isFalse();
    assertThat(core.isOpen("dev.steward.internal.selector")).isFalse();
    assertThat(core.isExported("dev.steward.internal.proc")).as("to every module").isFalse();
  }

  /** A layer over the core jar and the jars it requires, found on this test's class path. */
  private static ModuleLayer layerOf(Path jar) {
    List<Path> path = new ArrayList<>();
    path.add(jar);
    for (String entry : System.getProperty("java.class.path").split(Pattern.quote(File.pathSeparator))) {
      String file = Path.of(entry).getFileName().toString();
      if (file.matches("(jackson-databind|jackson-core|jackson-annotations|slf4j-api)-.*\\.jar")) {
        path.add(Path.of(entry));
      }
    }
    ModuleFinder finder = ModuleFinder.of(path.toArray(Path[]::new));
    Configuration configuration = ModuleLayer.boot().configuration()
        .resolveAndBind(finder, ModuleFinder.of(), Set.of("dev.steward.core"));
    // The platform loader as parent: the class path's copy of core must not answer for the layer.
    return ModuleLayer.boot().defineModulesWithOneLoader(configuration, ClassLoader.getPlatformClassLoader());
  }

  private static Map<String, Set<String>> serviceFiles(Path jar) throws IOException {
    Map<String, Set<String>> registered = new TreeMap<>();
    try (JarFile file = new JarFile(jar.toFile())) {
      for (JarEntry entry : Collections.list(file.entries())) {
        if (entry.isDirectory() || !entry.getName().startsWith(SERVICES)) {
          continue;
        }
        try (InputStream in = file.getInputStream(entry)) {
          List<String> lines = Arrays.stream(new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n"))
              .map(line -> line.replaceFirst("#.*", "").strip())
              .filter(line -> !line.isEmpty())
              .collect(Collectors.toList());
          assertThat(lines).as(entry.getName()).doesNotHaveDuplicates();
          registered.put(entry.getName().substring(SERVICES.length()), new TreeSet<>(lines));
        }
      }
    }
    return registered;
  }
}
