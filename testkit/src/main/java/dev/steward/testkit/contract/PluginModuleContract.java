package dev.steward.testkit.contract;

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
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.jar.JarFile;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * What the jar of every plugin module must be, checked on the jar {@code package} built (so run it as
 * an integration test): a named module that provides exactly the providers its service files
 * register, so it is found the same way on the class path and the module path, and exports only its
 * API. A plugin runs it by naming its artifact, module, providers and exports in its constructor.
 */
public abstract class PluginModuleContract {
  private final String artifactId;
  private final String moduleName;
  private final Map<String, Set<String>> providers;
  private final Set<String> exportedPackages;
  private Path jar;
  private ModuleDescriptor descriptor;

  /**
   * @param artifactId e.g. {@code steward-manager-process}: the jar is {@code target/ARTIFACT-VERSION.jar}
   * @param moduleName e.g. {@code dev.steward.manager.process}
   * @param providers every service the module provides, with its provider classes
   * @param exportedPackages the packages it exports to everyone
   */
  protected PluginModuleContract(String artifactId, String moduleName, Map<String, Set<String>> providers,
      Set<String> exportedPackages) {
    this.artifactId = artifactId;
    this.moduleName = moduleName;
    this.providers = new TreeMap<>(providers);
    this.exportedPackages = Set.copyOf(exportedPackages);
  }

  @BeforeEach
  void findTheBuiltJar() throws IOException {
    Pattern name = Pattern.compile(Pattern.quote(artifactId) + "-[^/]*(?<!-sources|-javadoc|-tests)\\.jar");
    try (Stream<Path> files = Files.list(Path.of("target"))) {
      List<Path> jars = files.filter(p -> name.matcher(p.getFileName().toString()).matches()).collect(Collectors.toList());
      assertThat(jars).as("the jar built by 'package'").hasSize(1);
      jar = jars.get(0);
    }
    List<ModuleReference> modules = List.copyOf(ModuleFinder.of(jar).findAll());
    assertThat(modules).hasSize(1);
    descriptor = modules.get(0).descriptor();
  }

  @Test
  @DisplayName("is the named module that provides exactly the providers its service files register")
  void providesWhatItsServiceFilesRegister() throws IOException {
    assertThat(descriptor.name()).isEqualTo(moduleName);
    assertThat(descriptor.isAutomatic()).isFalse();
    Map<String, Set<String>> provided = new TreeMap<>();
    for (ModuleDescriptor.Provides provides : descriptor.provides()) {
      provided.put(provides.service(), new TreeSet<>(provides.providers()));
    }
    Map<String, Set<String>> registered = new TreeMap<>();
    try (JarFile file = new JarFile(jar.toFile())) {
      for (String service : provided.keySet()) {
        assertThat(file.getEntry("META-INF/services/" + service)).as("the service file of %s", service).isNotNull();
        try (InputStream in = file.getInputStream(file.getEntry("META-INF/services/" + service))) {
          registered.put(service, new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().map(String::strip)
              .filter(l -> !l.isEmpty() && !l.startsWith("#")).collect(Collectors.toCollection(TreeSet::new)));
        }
      }
    }
    assertThat(provided).isEqualTo(registered).isEqualTo(providers);
  }

  @Test
  @DisplayName("exports only its API packages and opens nothing")
  void exportsOnlyItsApi() {
    assertThat(descriptor.exports()).allSatisfy(e -> assertThat(e.isQualified()).as(e.source()).isFalse());
    assertThat(descriptor.exports()).extracting(ModuleDescriptor.Exports::source).containsExactlyInAnyOrderElementsOf(exportedPackages);
    assertThat(descriptor.opens()).isEmpty();
  }
}
