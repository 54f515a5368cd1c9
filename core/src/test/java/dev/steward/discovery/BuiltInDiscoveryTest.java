package dev.steward.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.steward.CoreSettings;
import dev.steward.FirewallManager;
import dev.steward.NodeSelector;
import dev.steward.ResourceKey;
import dev.steward.ResourceRecord;
import dev.steward.Settings;
import dev.steward.StateStore;
import dev.steward.Transport;
import dev.steward.NodeLifecycle;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real {@link java.util.ServiceLoader} discovery of the providers core registers. */
class BuiltInDiscoveryTest {
  /** Surefire runs in the module's folder and puts core's classes folder on the class path. */
  private static final String CORE_CLASSES = Path.of("target", "classes").toAbsolutePath().toString();

  private final ProviderRegistry registry = ProviderRegistry.discover();

  @Test
  @DisplayName("discover() finds exactly the built-in providers, from core's classes, and no failures")
  void findsExactlyTheBuiltInsAndNoFailures() {
    assertThat(registry.providers())
        .extracting(ProviderInfo::extensionPoint, ProviderInfo::id, ProviderInfo::className, ProviderInfo::source)
        .containsExactly(
            tuple("transport", "local", "dev.steward.internal.transport.LocalTransportProvider", CORE_CLASSES),
            tuple("probe", "local", "dev.steward.internal.probe.LocalProbeProvider", CORE_CLASSES),
            tuple("firewall manager", "none", "dev.steward.internal.firewall.NoFirewallProvider", CORE_CLASSES),
            tuple("node selector", "least-records", "dev.steward.internal.selector.SelectorProviders$LeastRecords", CORE_CLASSES),
            tuple("node selector", "most-shunned", "dev.steward.internal.selector.SelectorProviders$MostShunned", CORE_CLASSES),
            tuple("node selector", "oldest", "dev.steward.internal.selector.SelectorProviders$Oldest", CORE_CLASSES),
            tuple("node selector", "youngest", "dev.steward.internal.selector.SelectorProviders$Youngest", CORE_CLASSES),
            tuple("state store", "file", "dev.steward.internal.store.file.FileStateStoreProvider", CORE_CLASSES),
            tuple("state store", "memory", "dev.steward.internal.store.MemoryStateStoreProvider", CORE_CLASSES),
            tuple("leader election", "file", "dev.steward.internal.election.FileLeaderElectionProvider", CORE_CLASSES),
            tuple("kind", "node", "dev.steward.internal.kind.NodeKindProvider", CORE_CLASSES));
    assertThat(registry.failures()).isEmpty();
  }

  @Test
  void everyBuiltInHasADescription() {
    assertThat(registry.providers()).allSatisfy(p -> assertThat(p.description()).as(p.id()).isNotBlank());
  }

  @Test
  void findsOnlyTheLocalProbeAndNoProcessManagerInCoreAlone() {
    assertThat(registry.providers(ExtensionPoint.PROBE)).extracting(ProviderInfo::id).containsExactly("local");
    assertThat(registry.providers(ExtensionPoint.PROCESS_MANAGER)).isEmpty();
  }

  @Test
  void discoveringWithAClassLoaderFindsTheSame() {
    ProviderRegistry again = ProviderRegistry.discover(BuiltInDiscoveryTest.class.getClassLoader());

    assertThat(again.providers()).isEqualTo(registry.providers());
  }

  @Test
  void defaultsSelectABuiltInForEveryPointThatHasOne() {
    assertThat(registry.select(ExtensionPoint.TRANSPORT, Settings.empty()).id()).isEqualTo("local");
    assertThat(registry.select(ExtensionPoint.PROBE, Settings.empty()).id()).as("the only probe found").isEqualTo("local");
    assertThat(registry.select(ExtensionPoint.FIREWALL_MANAGER, Settings.empty()).id()).isEqualTo("none");
    assertThat(registry.select(ExtensionPoint.NODE_SELECTOR, Settings.empty()).id()).isEqualTo("youngest");
    assertThat(registry.select(ExtensionPoint.STATE_STORE, Settings.empty()).id()).isEqualTo("file");
  }

  @Test
  void theCoreSourceIsNamedWhenAnIdIsUnknown() {
    Settings settings = Settings.builder().set(CoreSettings.STATE_STORE, "sqlite").build();

    assertThat(org.assertj.core.api.Assertions.catchThrowableOfType(ProviderNotFoundException.class,
        () -> registry.create(ExtensionPoint.STATE_STORE, settings)))
        .hasMessage("No state store provider has the id 'sqlite'. Found: 'file' (" + CORE_CLASSES + "), 'memory' (" + CORE_CLASSES + "). "
            + "Put the jar that provides 'sqlite' on the class path or in the plugin path, or set steward.state-store to one of the ids found.");
  }

  @Test
  @DisplayName("a registration of a missing class is reported with the class and the folder that registers it")
  void reportsARegisteredClassThatIsMissingWithItsFolder(@TempDir Path folder) throws IOException {
    Path services = Files.createDirectories(folder.resolve("META-INF/services"));
    Files.writeString(services.resolve("dev.steward.spi.ProbeProvider"),
        "# two probes that were never compiled\ncom.acme.Gone\ncom.acme.GoneToo  # the second\n");

    try (URLClassLoader loader = new URLClassLoader(new URL[] {folder.toUri().toURL()}, getClass().getClassLoader())) {
      ProviderRegistry withMissing = ProviderRegistry.discover(loader);

      assertThat(withMissing.providers()).isEqualTo(registry.providers());
      assertThat(withMissing.failures()).extracting(LoadFailure::className, LoadFailure::source)
          .containsExactly(tuple("com.acme.Gone", folder.toString()), tuple("com.acme.GoneToo", folder.toString()));
      assertThat(withMissing.failures().get(0).describe()).isEqualTo("com.acme.Gone (" + folder
          + ") failed to load: ServiceConfigurationError: dev.steward.spi.ProbeProvider: Provider com.acme.Gone not found");
    }
  }

  @Test
  void createsAWorkingMemoryStore() {
    Instant now = Instant.parse("2026-01-02T03:04:05Z");
    Settings settings = Settings.builder().set(CoreSettings.STATE_STORE, "memory").clock(Clock.fixed(now, ZoneOffset.UTC)).build();
    ResourceKey web1 = ResourceKey.local("node", "web-1");

    try (StateStore store = registry.create(ExtensionPoint.STATE_STORE, settings)) {
      ResourceRecord created = store.create(web1, "node", Optional.empty(), "planned by test");

      assertThat(created.state()).isEqualTo(NodeLifecycle.PLANNED);
      assertThat(created.createdAt()).isEqualTo(now);
      assertThat(store.get(web1)).isEqualTo(created);
      assertThat(store.list()).containsExactly(created);
    }
  }

  @Test
  void createsTheSelectorNamedInSettingsAndItReallySelects() {
    Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
    ResourceRecord oldest = ResourceRecord.create(ResourceKey.local("node", "a"), "node", "RUNNING", "", t0);
    ResourceRecord middle = ResourceRecord.create(ResourceKey.local("node", "b"), "node", "RUNNING", "", t0.plusSeconds(60));
    ResourceRecord youngest = ResourceRecord.create(ResourceKey.local("node", "c"), "node", "RUNNING", "", t0.plusSeconds(120));
    List<ResourceRecord> nodes = List.of(middle, youngest, oldest);

    NodeSelector byDefault = registry.create(ExtensionPoint.NODE_SELECTOR, Settings.empty());
    NodeSelector oldestFirst = registry.create(ExtensionPoint.NODE_SELECTOR,
        Settings.builder().set(CoreSettings.NODE_SELECTOR, "oldest").build());

    assertThat(byDefault.selectForRemoval(nodes, 2)).containsExactly(youngest, middle);
    assertThat(oldestFirst.selectForRemoval(nodes, 2)).containsExactly(oldest, middle);
  }

  @Test
  void createsTheNoFirewallAndTheLocalTransport() throws Exception {
    FirewallManager firewall = registry.create(ExtensionPoint.FIREWALL_MANAGER, Settings.empty());
    try (Transport transport = registry.create(ExtensionPoint.TRANSPORT, Settings.empty())) {
      assertThat(firewall.getClass().getName()).isEqualTo("dev.steward.internal.firewall.NoFirewall");
      assertThat(transport.getClass().getName()).isEqualTo("dev.steward.internal.transport.LocalTransport");
    }
  }
}
