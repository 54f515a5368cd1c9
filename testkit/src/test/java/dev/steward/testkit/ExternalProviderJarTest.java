package dev.steward.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.steward.CoreSettings;
import dev.steward.NodeSelector;
import dev.steward.ResourceKey;
import dev.steward.ResourceRecord;
import dev.steward.Settings;
import dev.steward.discovery.DuplicateProviderException;
import dev.steward.discovery.ExtensionPoint;
import dev.steward.discovery.LoadFailure;
import dev.steward.discovery.ProviderInfo;
import dev.steward.discovery.ProviderNotFoundException;
import dev.steward.discovery.ProviderRegistry;
import dev.steward.spi.NodeSelectorProvider;
import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Provider jars built at test time, the way a third party builds them, and dropped on a class
 * loader over a plugin folder: they are found, selectable by id and reported by jar when broken.
 */
@DisplayName("a provider jar built outside this repository")
class ExternalProviderJarTest {
  private static final String SELECTOR_SERVICE = NodeSelectorProvider.class.getName();
  private static final List<String> BUILT_IN_SELECTORS = List.of("least-records", "most-shunned", "oldest", "youngest");

  @TempDir
  Path plugins;

  private final List<URLClassLoader> loaders = new ArrayList<>();

  @AfterEach
  void closeLoaders() throws IOException {
    for (URLClassLoader loader : loaders) {
      loader.close();
    }
  }

  /** A plugin class loader whose parent sees core and its built-in providers, as an embedder's would. */
  private URLClassLoader loaderOf(Path... jars) throws IOException {
    URL[] urls = new URL[jars.length];
    for (int i = 0; i < jars.length; i++) {
      urls[i] = jars[i].toUri().toURL();
    }
    URLClassLoader loader = new URLClassLoader("plugins", urls, ExternalProviderJarTest.class.getClassLoader());
    loaders.add(loader);
    return loader;
  }

  private static Settings selectorNamed(String id) {
    return Settings.builder().set(CoreSettings.NODE_SELECTOR, id).build();
  }

  private static List<String> selectorIds(ProviderRegistry registry) {
    return registry.providers(ExtensionPoint.NODE_SELECTOR).stream().map(ProviderInfo::id).collect(java.util.stream.Collectors.toList());
  }

  /** How discovery names the place core's classes came from: its jar's file name, or its classes folder. */
  private static String coreSource() throws URISyntaxException {
    Path location = Path.of(NodeSelector.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    return Files.isDirectory(location) ? location.toString() : location.getFileName().toString();
  }

  private Path boomJar() {
    String source = "package com.acme;\n"
        + "public final class BoomSelectorProvider implements dev.steward.spi.NodeSelectorProvider {\n"
        + "  public BoomSelectorProvider() { throw new IllegalStateException(\"boom\"); }\n"
        + "  public String id() { return \"boom\"; }\n"
        + "  public dev.steward.NodeSelector create(dev.steward.spi.ProviderContext context) { throw new AssertionError(); }\n"
        + "}\n";
    return ProviderJars.build(plugins, "acme-boom.jar", Map.of("com.acme.BoomSelectorProvider", source),
        Map.of(SELECTOR_SERVICE, List.of("com.acme.BoomSelectorProvider")));
  }

  @Test
  void isDiscoveredWithItsJarAsSourceAndSelectableById() throws IOException {
    Path jar = ProviderJars.nodeSelector(plugins, "acme-selector.jar", "com.acme.FirstGivenSelectorProvider", "first-given");
    URLClassLoader loader = loaderOf(jar);

    ProviderRegistry registry = ProviderRegistry.discover(loader);

    assertThat(registry.failures()).isEmpty();
    assertThat(registry.providers(ExtensionPoint.NODE_SELECTOR)).contains(new ProviderInfo("node selector", "first-given",
        "test plugin built at test time", "com.acme.FirstGivenSelectorProvider", "acme-selector.jar"));
    assertThat(selectorIds(registry)).containsExactly("first-given", "least-records", "most-shunned", "oldest", "youngest");
    NodeSelectorProvider selected = registry.select(ExtensionPoint.NODE_SELECTOR, selectorNamed("first-given"));
    assertThat(selected.id()).isEqualTo("first-given");
    assertThat(selected.getClass().getClassLoader()).isSameAs(loader);
  }

  @Test
  void isNotOnTheTestClassPathItself() {
    ProviderJars.nodeSelector(plugins, "acme-selector.jar", "com.acme.FirstGivenSelectorProvider", "first-given");

    assertThatThrownBy(() -> Class.forName("com.acme.FirstGivenSelectorProvider")).isInstanceOf(ClassNotFoundException.class);
    assertThat(selectorIds(ProviderRegistry.discover(ExternalProviderJarTest.class.getClassLoader())))
        .containsExactlyElementsOf(BUILT_IN_SELECTORS);
  }

  @Test
  void buildsASelectorThatReallySelects() throws IOException {
    Path jar = ProviderJars.nodeSelector(plugins, "acme-selector.jar", "com.acme.FirstGivenSelectorProvider", "first-given");
    ProviderRegistry registry = ProviderRegistry.discover(loaderOf(jar));
    Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
    ResourceRecord middle = ResourceRecord.create(ResourceKey.local("node", "b"), "node", "RUNNING", "", t0.plusSeconds(60));
    ResourceRecord oldest = ResourceRecord.create(ResourceKey.local("node", "a"), "node", "RUNNING", "", t0);
    ResourceRecord youngest = ResourceRecord.create(ResourceKey.local("node", "c"), "node", "RUNNING", "", t0.plusSeconds(120));
    List<ResourceRecord> nodes = List.of(middle, oldest, youngest);

    NodeSelector selector = registry.create(ExtensionPoint.NODE_SELECTOR, selectorNamed("first-given"));

    assertThat(selector.selectForRemoval(nodes, 2)).containsExactly(middle, oldest);
    assertThat(selector.selectForRemoval(nodes, 5)).containsExactly(middle, oldest, youngest);
    assertThat(selector.selectForRemoval(nodes, 0)).isEmpty();
    assertThat(nodes).containsExactly(middle, oldest, youngest);
  }

  @Test
  @DisplayName("two jars with one id: refused, naming both classes and both jars")
  void refusesTwoJarsWithOneIdNamingBothJars() throws IOException {
    Path a = ProviderJars.nodeSelector(plugins, "acme-a.jar", "com.acme.AcmeSelectorProvider", "acme");
    Path b = ProviderJars.nodeSelector(plugins, "acme-b.jar", "com.other.AcmeSelectorProvider", "acme");
    ProviderRegistry registry = ProviderRegistry.discover(loaderOf(b, a));

    DuplicateProviderException e = catchThrowableOfType(DuplicateProviderException.class,
        () -> registry.select(ExtensionPoint.NODE_SELECTOR, selectorNamed("acme")));

    assertThat(e).hasMessage("2 node selector providers have the id 'acme': com.acme.AcmeSelectorProvider (acme-a.jar), "
        + "com.other.AcmeSelectorProvider (acme-b.jar). Keep one of them on the class path or plugin path and remove the others.");
    assertThat(e.extensionPoint()).isEqualTo("node selector");
    assertThat(e.requestedId()).contains("acme");
    assertThat(registry.select(ExtensionPoint.NODE_SELECTOR, "oldest").id()).isEqualTo("oldest");
  }

  @Test
  @DisplayName("a provider whose constructor throws: reported with its cause and jar; the others are still found")
  void reportsAProviderWhoseConstructorThrowsAndFindsTheOthers() throws IOException, URISyntaxException {
    Path boom = boomJar();
    Path good = ProviderJars.nodeSelector(plugins, "acme-good.jar", "com.acme.GoodSelectorProvider", "good");

    ProviderRegistry registry = ProviderRegistry.discover(loaderOf(boom, good));

    assertThat(selectorIds(registry)).containsExactly("good", "least-records", "most-shunned", "oldest", "youngest");
    assertThat(registry.providers(ExtensionPoint.TRANSPORT)).extracting(ProviderInfo::id).containsExactly("local");
    assertThat(registry.failures()).singleElement().satisfies(failure -> {
      assertThat(failure.extensionPoint()).isEqualTo("node selector");
      assertThat(failure.className()).isEqualTo("com.acme.BoomSelectorProvider");
      assertThat(failure.source()).isEqualTo("acme-boom.jar");
      assertThat(failure.cause()).isExactlyInstanceOf(IllegalStateException.class).hasMessage("boom");
      assertThat(failure.describe())
          .isEqualTo("com.acme.BoomSelectorProvider (acme-boom.jar) failed to load: IllegalStateException: boom");
    });
    String core = coreSource();
    assertThat(catchThrowableOfType(ProviderNotFoundException.class,
        () -> registry.select(ExtensionPoint.NODE_SELECTOR, selectorNamed("boom"))))
        .hasMessage("No node selector provider has the id 'boom'. Found: 'good' (acme-good.jar), 'least-records' (" + core
            + "), 'most-shunned' (" + core + "), 'oldest' (" + core + "), 'youngest' (" + core + "). "
            + "Put the jar that provides 'boom' on the class path or in the plugin path, or set steward.node-selector to one of "
            + "the ids found. Also, com.acme.BoomSelectorProvider (acme-boom.jar) failed to load: IllegalStateException: boom.");
  }

  @Test
  @DisplayName("a provider whose static initializer throws: reported with the real cause, not 'null'")
  void reportsAProviderWhoseStaticInitializerThrowsWithTheRealCause() throws IOException {
    String source = "package com.acme;\n"
        + "public final class StaticBoomSelectorProvider implements dev.steward.spi.NodeSelectorProvider {\n"
        + "  static final String ID;\n"
        + "  static { if (true) { throw new IllegalStateException(\"no licence file\"); } ID = \"static-boom\"; }\n"
        + "  public String id() { return ID; }\n"
        + "  public dev.steward.NodeSelector create(dev.steward.spi.ProviderContext context) { throw new AssertionError(); }\n"
        + "}\n";
    Path jar = ProviderJars.build(plugins, "acme-static.jar", Map.of("com.acme.StaticBoomSelectorProvider", source),
        Map.of(SELECTOR_SERVICE, List.of("com.acme.StaticBoomSelectorProvider")));

    ProviderRegistry registry = ProviderRegistry.discover(loaderOf(jar));

    assertThat(selectorIds(registry)).containsExactlyElementsOf(BUILT_IN_SELECTORS);
    assertThat(registry.failures()).extracting(LoadFailure::describe).containsExactly(
        "com.acme.StaticBoomSelectorProvider (acme-static.jar) failed to load: ExceptionInInitializerError "
            + "caused by IllegalStateException: no licence file");
  }

  @Test
  @DisplayName("META-INF/services naming a missing class: reported with its jar; the others are still found")
  void reportsARegistrationOfAMissingClassAndFindsTheOthers() throws IOException {
    String source = "package com.acme;\n"
        + "public final class GoodSelectorProvider implements dev.steward.spi.NodeSelectorProvider {\n"
        + "  public String id() { return \"good\"; }\n"
        + "  public dev.steward.NodeSelector create(dev.steward.spi.ProviderContext context) {\n"
        + "    return (candidates, count) -> java.util.List.of();\n"
        + "  }\n"
        + "}\n";
    Path mixed = ProviderJars.build(plugins, "acme-mixed.jar", Map.of("com.acme.GoodSelectorProvider", source),
        Map.of(SELECTOR_SERVICE, List.of("com.acme.MissingSelectorProvider", "com.acme.GoodSelectorProvider")));
    Path other = ProviderJars.nodeSelector(plugins, "other.jar", "org.other.OtherSelectorProvider", "other");

    ProviderRegistry registry = ProviderRegistry.discover(loaderOf(mixed, other));

    assertThat(selectorIds(registry)).containsExactly("good", "least-records", "most-shunned", "oldest", "other", "youngest");
    assertThat(registry.failures()).singleElement().satisfies(failure -> {
      assertThat(failure.extensionPoint()).isEqualTo("node selector");
      assertThat(failure.className()).isEqualTo("com.acme.MissingSelectorProvider");
      assertThat(failure.source()).isEqualTo("acme-mixed.jar");
      assertThat(failure.cause()).isInstanceOf(ServiceConfigurationError.class);
      assertThat(failure.describe()).isEqualTo("com.acme.MissingSelectorProvider (acme-mixed.jar) failed to load: "
          + "ServiceConfigurationError: dev.steward.spi.NodeSelectorProvider: Provider com.acme.MissingSelectorProvider not found");
    });
  }

  @Test
  void reportsARegisteredClassThatIsNotAProvider() throws IOException {
    Path jar = ProviderJars.build(plugins, "acme-wrong.jar",
        Map.of("com.acme.NotASelector", "package com.acme;\npublic final class NotASelector {}\n"),
        Map.of(SELECTOR_SERVICE, List.of("com.acme.NotASelector")));

    ProviderRegistry registry = ProviderRegistry.discover(loaderOf(jar));

    assertThat(selectorIds(registry)).containsExactlyElementsOf(BUILT_IN_SELECTORS);
    assertThat(registry.failures()).extracting(LoadFailure::describe).containsExactly(
        "com.acme.NotASelector (acme-wrong.jar) failed to load: ServiceConfigurationError: "
            + "dev.steward.spi.NodeSelectorProvider: com.acme.NotASelector not a subtype");
  }

  @Test
  @DisplayName("a provider whose id() is not a lowercase id: reported with its jar, not found")
  void reportsAProviderWithAnInvalidId() throws IOException {
    Path jar = ProviderJars.nodeSelector(plugins, "acme-upper.jar", "com.acme.UpperSelectorProvider", "Upper");

    ProviderRegistry registry = ProviderRegistry.discover(loaderOf(jar));

    assertThat(selectorIds(registry)).containsExactlyElementsOf(BUILT_IN_SELECTORS);
    assertThat(registry.failures()).extracting(LoadFailure::describe).containsExactly(
        "com.acme.UpperSelectorProvider (acme-upper.jar) failed to load: IllegalArgumentException: "
            + "its id 'Upper' is not valid: use lowercase letters, digits and '-', starting with a letter");
  }
}
