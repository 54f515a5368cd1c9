package dev.steward.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.tuple;

import dev.steward.CoreSettings;
import dev.steward.InvalidSettingsException;
import dev.steward.NodeSelector;
import dev.steward.Probe;
import dev.steward.Setting;
import dev.steward.Settings;
import dev.steward.StewardException;
import dev.steward.Transport;
import dev.steward.discovery.ProviderRegistry.Candidate;
import dev.steward.spi.NodeSelectorProvider;
import dev.steward.spi.ProbeProvider;
import dev.steward.spi.Provider;
import dev.steward.spi.ProviderContext;
import dev.steward.spi.TransportProvider;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Selection and its errors, from candidates given directly so that class names and jar names are
 * exact. Real ServiceLoader discovery is covered by {@link BuiltInDiscoveryTest} and, for jars
 * built at test time, by the testkit's ExternalProviderJarTest.
 */
class ProviderRegistryTest {

  // ---- fakes ---------------------------------------------------------------------------------

  private static final NodeSelector TAKE_FIRST = (candidates, count) -> List.copyOf(candidates.subList(0, count));

  private static class FakeSelectorProvider implements NodeSelectorProvider {
    private final String id;

    FakeSelectorProvider(String id) {
      this.id = id;
    }

    @Override
    public String id() {
      return id;
    }

    @Override
    public NodeSelector create(ProviderContext context) {
      return TAKE_FIRST;
    }
  }

  private static final class FakeProbeProvider implements ProbeProvider {
    private final String id;
    private final List<Setting<?>> settings;
    private final AtomicBoolean created = new AtomicBoolean();

    FakeProbeProvider(String id, List<Setting<?>> settings) {
      this.id = id;
      this.settings = settings;
    }

    FakeProbeProvider(String id) {
      this(id, List.of());
    }

    @Override
    public String id() {
      return id;
    }

    @Override
    public String description() {
      return "a probe that sees nothing";
    }

    @Override
    public List<Setting<?>> settings() {
      return settings;
    }

    @Override
    public Probe create(ProviderContext context) {
      created.set(true);
      return null; // never used: these tests only check that create() was or was not reached
    }
  }

  private static Candidate candidate(String className, String source, Supplier<? extends Provider<?>> supplier) {
    return new Candidate(className, source, supplier);
  }

  private static Candidate selector(String className, String source, String id) {
    return candidate(className, source, () -> new FakeSelectorProvider(id));
  }

  private static Candidate probe(String className, String source, String id) {
    return candidate(className, source, () -> new FakeProbeProvider(id));
  }

  private static ProviderRegistry registry(ExtensionPoint<?, ?> point, Candidate... candidates) {
    Map<ExtensionPoint<?, ?>, List<Candidate>> map = new LinkedHashMap<>();
    map.put(point, List.of(candidates));
    return ProviderRegistry.of(map, List.of());
  }

  private static Settings naming(Setting<String> selection, String id) {
    return Settings.builder().set(selection, id).build();
  }

  // ---- errors, word for word ------------------------------------------------------------------

  @Nested
  @DisplayName("errors name what was asked, what was found and which jar each came from")
  class Errors {
    @Test
    void refusesUnknownIdNamingTheIdsFoundAndTheirJars() {
      ProviderRegistry registry = registry(ExtensionPoint.NODE_SELECTOR,
          selector("org.zeta.ZetaSelectorProvider", "zeta-selector.jar", "zeta"),
          selector("com.acme.AcmeSelectorProvider", "acme-a.jar", "acme"));

      ProviderNotFoundException e = catchThrowableOfType(ProviderNotFoundException.class,
          () -> registry.select(ExtensionPoint.NODE_SELECTOR, "fastest"));

      assertThat(e).hasMessage("No node selector provider has the id 'fastest'. Found: 'acme' (acme-a.jar), "
          + "'zeta' (zeta-selector.jar). Put the jar that provides 'fastest' on the class path or in the plugin path, "
          + "or set steward.node-selector to one of the ids found.");
      assertThat(e.extensionPoint()).isEqualTo("node selector");
      assertThat(e.requestedId()).contains("fastest");
    }

    @Test
    void refusesUnknownIdNamedInSettingsTheSameWay() {
      ProviderRegistry registry = registry(ExtensionPoint.TRANSPORT,
          candidate("dev.steward.internal.transport.LocalTransportProvider", "steward-core.jar", FakeTransportProvider::new));

      ProviderNotFoundException e = catchThrowableOfType(ProviderNotFoundException.class,
          () -> registry.select(ExtensionPoint.TRANSPORT, naming(CoreSettings.TRANSPORT, "ssh")));

      assertThat(e).hasMessage("No transport provider has the id 'ssh'. Found: 'local' (steward-core.jar). "
          + "Put the jar that provides 'ssh' on the class path or in the plugin path, or set steward.transport to one of the ids found.");
      assertThat(e.extensionPoint()).isEqualTo("transport");
      assertThat(e.requestedId()).contains("ssh");
    }

    @Test
    void refusesUnknownIdWhenNothingWasFoundAtAll() {
      ProviderRegistry registry = registry(ExtensionPoint.PROBE);

      ProviderNotFoundException e = catchThrowableOfType(ProviderNotFoundException.class,
          () -> registry.select(ExtensionPoint.PROBE, "ssh"));

      assertThat(e).hasMessage("No probe provider has the id 'ssh', and none was found at all. "
          + "Put the jar that provides 'ssh' on the class path or in the plugin path.");
      assertThat(e.extensionPoint()).isEqualTo("probe");
      assertThat(e.requestedId()).contains("ssh");
    }

    @Test
    void refusesTwoProvidersWithOneIdNamingBothClassesAndJars() {
      ProviderRegistry registry = registry(ExtensionPoint.NODE_SELECTOR,
          selector("com.other.AcmeSelectorProvider", "acme-b.jar", "acme"),
          selector("com.acme.AcmeSelectorProvider", "acme-a.jar", "acme"),
          selector("com.acme.OtherSelectorProvider", "acme-a.jar", "other"));

      DuplicateProviderException e = catchThrowableOfType(DuplicateProviderException.class,
          () -> registry.select(ExtensionPoint.NODE_SELECTOR, naming(CoreSettings.NODE_SELECTOR, "acme")));

      assertThat(e).hasMessage("2 node selector providers have the id 'acme': com.acme.AcmeSelectorProvider (acme-a.jar), "
          + "com.other.AcmeSelectorProvider (acme-b.jar). Keep one of them on the class path or plugin path and remove the others.");
      assertThat(e.extensionPoint()).isEqualTo("node selector");
      assertThat(e.requestedId()).contains("acme");
    }

    @Test
    void aDuplicateIdDoesNotStopSelectionOfAnotherId() {
      ProviderRegistry registry = registry(ExtensionPoint.NODE_SELECTOR,
          selector("com.other.AcmeSelectorProvider", "acme-b.jar", "acme"),
          selector("com.acme.AcmeSelectorProvider", "acme-a.jar", "acme"),
          selector("com.acme.OtherSelectorProvider", "acme-a.jar", "other"));

      assertThat(registry.select(ExtensionPoint.NODE_SELECTOR, "other").id()).isEqualTo("other");
    }

    @Test
    @DisplayName("several probes found and none named: the error lists them and the setting to use")
    void refusesSeveralProvidersWhenNoneIsNamed() {
      ProviderRegistry registry = registry(ExtensionPoint.PROBE,
          probe("dev.steward.probe.ssh.SshProbeProvider", "steward-probe-ssh.jar", "ssh"),
          probe("dev.steward.probe.proxmox.ProxmoxProbeProvider", "steward-probe-proxmox.jar", "proxmox"));

      AmbiguousProviderException e = catchThrowableOfType(AmbiguousProviderException.class,
          () -> registry.select(ExtensionPoint.PROBE, Settings.empty()));

      assertThat(e).hasMessage("Several probe providers were found and none was named: 'proxmox' (steward-probe-proxmox.jar), "
          + "'ssh' (steward-probe-ssh.jar). Set steward.probe to one of these ids.");
      assertThat(e.extensionPoint()).isEqualTo("probe");
      assertThat(e.requestedId()).isEmpty();
    }

    @Test
    void refusesWhenNoProviderWasFound() {
      ProviderRegistry registry = registry(ExtensionPoint.PROBE);

      ProviderNotFoundException e = catchThrowableOfType(ProviderNotFoundException.class,
          () -> registry.select(ExtensionPoint.PROBE, Settings.empty()));

      assertThat(e).hasMessage("No probe provider was found. Put a jar that provides one on the class path or in the plugin path.");
      assertThat(e.extensionPoint()).isEqualTo("probe");
      assertThat(e.requestedId()).isEmpty();
    }

    @Test
    void everySelectionErrorIsAProviderSelectionExceptionAndAStewardException() {
      ProviderRegistry registry = registry(ExtensionPoint.PROBE);

      ProviderSelectionException e = catchThrowableOfType(ProviderSelectionException.class,
          () -> registry.select(ExtensionPoint.PROBE, "ssh"));

      assertThat(e).isInstanceOf(StewardException.class).isInstanceOf(ProviderNotFoundException.class);
    }
  }

  // ---- providers that cannot be loaded --------------------------------------------------------

  @Nested
  @DisplayName("a provider that cannot be loaded is reported and discovery goes on")
  class LoadFailures {
    private final Candidate broken = candidate("com.acme.BrokenProbeProvider", "acme-broken.jar", () -> {
      throw new IllegalStateException("boom");
    });

    @Test
    void reportsAProviderThatThrowsWhileLoadingWithItsCauseAndKeepsTheOthers() {
      ProviderRegistry registry = registry(ExtensionPoint.PROBE,
          broken, probe("dev.steward.probe.ssh.SshProbeProvider", "steward-probe-ssh.jar", "ssh"));

      assertThat(registry.providers(ExtensionPoint.PROBE)).extracting(ProviderInfo::id).containsExactly("ssh");
      assertThat(registry.failures()).hasSize(1);
      LoadFailure failure = registry.failures().get(0);
      assertThat(failure.extensionPoint()).isEqualTo("probe");
      assertThat(failure.className()).isEqualTo("com.acme.BrokenProbeProvider");
      assertThat(failure.source()).isEqualTo("acme-broken.jar");
      assertThat(failure.cause()).isInstanceOf(IllegalStateException.class).hasMessage("boom");
      assertThat(failure.describe())
          .isEqualTo("com.acme.BrokenProbeProvider (acme-broken.jar) failed to load: IllegalStateException: boom")
          .isEqualTo(failure.toString());
      assertThat(registry.select(ExtensionPoint.PROBE, Settings.empty()).id()).isEqualTo("ssh");
    }

    @Test
    void appendsTheFailureToTheNotFoundMessage() {
      ProviderRegistry registry = registry(ExtensionPoint.PROBE,
          broken, probe("dev.steward.probe.ssh.SshProbeProvider", "steward-probe-ssh.jar", "ssh"));

      ProviderNotFoundException e = catchThrowableOfType(ProviderNotFoundException.class,
          () -> registry.select(ExtensionPoint.PROBE, "acme"));

      assertThat(e).hasMessage("No probe provider has the id 'acme'. Found: 'ssh' (steward-probe-ssh.jar). "
          + "Put the jar that provides 'acme' on the class path or in the plugin path, or set steward.probe to one of the ids found. "
          + "Also, com.acme.BrokenProbeProvider (acme-broken.jar) failed to load: IllegalStateException: boom.");
    }

    @Test
    void appendsTheFailureWhenNothingElseWasFound() {
      ProviderRegistry registry = registry(ExtensionPoint.PROBE, broken);

      ProviderNotFoundException e = catchThrowableOfType(ProviderNotFoundException.class,
          () -> registry.select(ExtensionPoint.PROBE, Settings.empty()));

      assertThat(e).hasMessage("No probe provider was found. Put a jar that provides one on the class path or in the plugin path. "
          + "Also, com.acme.BrokenProbeProvider (acme-broken.jar) failed to load: IllegalStateException: boom.");
    }

    @Test
    void appendsEveryFailureOfThatExtensionPointAndOnlyThose() {
      Map<ExtensionPoint<?, ?>, List<Candidate>> candidates = new LinkedHashMap<>();
      candidates.put(ExtensionPoint.PROBE, List.of(broken));
      candidates.put(ExtensionPoint.TRANSPORT, List.of(candidate("com.acme.BadTransportProvider", "acme-transport.jar", () -> {
        throw new IllegalArgumentException("no host");
      })));
      LoadFailure scanned = new LoadFailure("probe", "unknown class", "unknown location",
          new ServiceConfigurationError("dev.steward.spi.ProbeProvider: Provider com.acme.Gone not found"));
      ProviderRegistry registry = ProviderRegistry.of(candidates, List.of(scanned));

      assertThat(registry.failures()).extracting(LoadFailure::className)
          .containsExactly("unknown class", "com.acme.BadTransportProvider", "com.acme.BrokenProbeProvider");
      assertThat(catchThrowableOfType(ProviderNotFoundException.class, () -> registry.select(ExtensionPoint.PROBE, "ssh")))
          .hasMessage("No probe provider has the id 'ssh', and none was found at all. Put the jar that provides 'ssh' on the "
              + "class path or in the plugin path. Also, unknown class (unknown location) failed to load: ServiceConfigurationError: "
              + "dev.steward.spi.ProbeProvider: Provider com.acme.Gone not found; com.acme.BrokenProbeProvider (acme-broken.jar) "
              + "failed to load: IllegalStateException: boom.");
      assertThat(catchThrowableOfType(ProviderNotFoundException.class, () -> registry.select(ExtensionPoint.NODE_SELECTOR, "youngest")))
          .hasMessage("No node selector provider has the id 'youngest', and none was found at all. "
              + "Put the jar that provides 'youngest' on the class path or in the plugin path.");
    }

    @Test
    void unwrapsTheServiceLoaderErrorToItsCause() {
      IllegalStateException boom = new IllegalStateException("boom");
      ProviderRegistry registry = registry(ExtensionPoint.PROBE, candidate("com.acme.BrokenProbeProvider", "acme-broken.jar", () -> {
        throw new ServiceConfigurationError("dev.steward.spi.ProbeProvider: Provider com.acme.BrokenProbeProvider could not be instantiated", boom);
      }));

      assertThat(registry.failures()).singleElement().satisfies(f -> {
        assertThat(f.cause()).isSameAs(boom);
        assertThat(f.describe()).isEqualTo("com.acme.BrokenProbeProvider (acme-broken.jar) failed to load: IllegalStateException: boom");
      });
    }

    @Test
    void reportsAProviderWhoseClassNeedsAMissingDependency() {
      ProviderRegistry registry = registry(ExtensionPoint.PROBE,
          candidate("com.acme.NeedyProbeProvider", "acme-needy.jar", () -> {
            throw new NoClassDefFoundError("com/jcraft/jsch/JSch");
          }),
          probe("dev.steward.probe.ssh.SshProbeProvider", "steward-probe-ssh.jar", "ssh"));

      assertThat(registry.providers(ExtensionPoint.PROBE)).extracting(ProviderInfo::id).containsExactly("ssh");
      assertThat(registry.failures()).extracting(LoadFailure::describe).containsExactly(
          "com.acme.NeedyProbeProvider (acme-needy.jar) failed to load: NoClassDefFoundError: com/jcraft/jsch/JSch");
    }

    @Test
    void describesAWrapperWithoutMessageByTheCauseItWraps() {
      ProviderRegistry registry = registry(ExtensionPoint.PROBE, candidate("com.acme.StaticProbeProvider", "acme.jar", () -> {
        throw new ExceptionInInitializerError(new IllegalStateException("no licence file"));
      }));

      assertThat(registry.failures()).extracting(LoadFailure::describe).containsExactly(
          "com.acme.StaticProbeProvider (acme.jar) failed to load: ExceptionInInitializerError caused by IllegalStateException: no licence file");
    }

    @Test
    void reportsAProviderWhoseIdThrows() {
      ProviderRegistry registry = registry(ExtensionPoint.NODE_SELECTOR, candidate("com.acme.MoodySelectorProvider", "acme.jar",
          () -> new FakeSelectorProvider("unused") {
            @Override
            public String id() {
              throw new UnsupportedOperationException("not today");
            }
          }));

      assertThat(registry.providers(ExtensionPoint.NODE_SELECTOR)).isEmpty();
      assertThat(registry.failures()).extracting(LoadFailure::describe).containsExactly(
          "com.acme.MoodySelectorProvider (acme.jar) failed to load: UnsupportedOperationException: not today");
    }
  }

  @Nested
  @DisplayName("a provider whose id is not a lowercase id is reported, not found")
  class InvalidIds {
    private ProviderRegistry withId(String id) {
      return registry(ExtensionPoint.NODE_SELECTOR,
          selector("com.acme.OddSelectorProvider", "acme-odd.jar", id),
          selector("com.acme.GoodSelectorProvider", "acme-good.jar", "good"));
    }

    private static final String RULE = " is not valid: use lowercase letters, digits and '-', starting with a letter";

    @Test
    void refusesAnUppercaseId() {
      ProviderRegistry registry = withId("Fastest");

      assertThat(registry.providers(ExtensionPoint.NODE_SELECTOR)).extracting(ProviderInfo::id).containsExactly("good");
      assertThat(registry.failures()).extracting(LoadFailure::describe).containsExactly(
          "com.acme.OddSelectorProvider (acme-odd.jar) failed to load: IllegalArgumentException: its id 'Fastest'" + RULE);
    }

    @Test
    void refusesANullId() {
      assertThat(withId(null).failures()).extracting(LoadFailure::describe).containsExactly(
          "com.acme.OddSelectorProvider (acme-odd.jar) failed to load: IllegalArgumentException: its id null" + RULE);
    }

    @Test
    void refusesABlankId() {
      assertThat(withId("  ").failures()).extracting(LoadFailure::describe).containsExactly(
          "com.acme.OddSelectorProvider (acme-odd.jar) failed to load: IllegalArgumentException: its id '  '" + RULE);
    }

    @Test
    void refusesEmptyDigitFirstAndPunctuatedIds() {
      for (String id : List.of("", "1st", "-x", "a_b", "a.b", "a b", "ä")) {
        assertThat(withId(id).failures()).as("id '%s'", id).singleElement()
            .satisfies(f -> assertThat(f.cause()).hasMessage("its id '" + id + "'" + RULE));
      }
    }

    @Test
    void acceptsLowercaseLettersDigitsAndDashes() {
      for (String id : List.of("a", "least-records", "k8s", "x-1-y")) {
        assertThat(withId(id).failures()).as("id '%s'", id).isEmpty();
      }
    }
  }

  // ---- what was found -------------------------------------------------------------------------

  @Nested
  class Listing {
    @Test
    void ordersProvidersById() {
      ProviderRegistry registry = registry(ExtensionPoint.NODE_SELECTOR,
          selector("org.zeta.ZetaSelectorProvider", "zeta.jar", "zeta"),
          selector("com.acme.AcmeSelectorProvider", "acme.jar", "acme"),
          selector("net.mid.MidSelectorProvider", "mid.jar", "mid"));

      assertThat(registry.providers(ExtensionPoint.NODE_SELECTOR)).extracting(ProviderInfo::id)
          .containsExactly("acme", "mid", "zeta");
    }

    @Test
    void listsEveryProviderByExtensionPointThenById() {
      Map<ExtensionPoint<?, ?>, List<Candidate>> candidates = new LinkedHashMap<>();
      candidates.put(ExtensionPoint.NODE_SELECTOR, List.of(selector("b.B", "b.jar", "b"), selector("a.A", "a.jar", "a")));
      candidates.put(ExtensionPoint.TRANSPORT, List.of(candidate("t.T", "t.jar", FakeTransportProvider::new)));
      ProviderRegistry registry = ProviderRegistry.of(candidates, List.of());

      assertThat(registry.providers())
          .extracting(ProviderInfo::extensionPoint, ProviderInfo::id, ProviderInfo::className, ProviderInfo::source)
          .containsExactly(
              tuple("transport", "local", "t.T", "t.jar"),
              tuple("node selector", "a", "a.A", "a.jar"),
              tuple("node selector", "b", "b.B", "b.jar"));
    }

    @Test
    void keepsTheDescriptionAndTurnsANullOneIntoEmpty() {
      ProviderRegistry registry = registry(ExtensionPoint.NODE_SELECTOR,
          selector("a.A", "a.jar", "a"),
          candidate("n.N", "n.jar", () -> new FakeSelectorProvider("n") {
            @Override
            public String description() {
              return null;
            }
          }));

      assertThat(registry.providers(ExtensionPoint.NODE_SELECTOR)).extracting(ProviderInfo::description).containsExactly("", "");
      assertThat(registry(ExtensionPoint.PROBE, probe("p.P", "p.jar", "p")).providers(ExtensionPoint.PROBE))
          .extracting(ProviderInfo::description).containsExactly("a probe that sees nothing");
    }

    @Test
    void handsOutUnmodifiableLists() {
      ProviderRegistry registry = registry(ExtensionPoint.PROBE, probe("p.P", "p.jar", "p"));

      assertThat(registry.providers(ExtensionPoint.PROBE)).isUnmodifiable();
      assertThat(registry.providers()).isUnmodifiable();
      assertThat(registry.failures()).isUnmodifiable();
    }

    @Test
    void copiesTheFailuresHandedIn() {
      List<LoadFailure> failures = new ArrayList<>();
      ProviderRegistry registry = ProviderRegistry.of(Map.of(), failures);
      failures.add(new LoadFailure("probe", "x.X", "x.jar", new IllegalStateException("late")));

      assertThat(registry.failures()).isEmpty();
    }
  }

  // ---- selection ------------------------------------------------------------------------------

  @Nested
  @DisplayName("selection: the id named in settings, else the setting's default, else the only one found")
  class Selection {
    private final FakeTransportProvider local = new FakeTransportProvider("local");
    private final FakeTransportProvider ssh = new FakeTransportProvider("ssh");
    private final ProviderRegistry transports = registry(ExtensionPoint.TRANSPORT,
        candidate("x.Local", "steward-core.jar", () -> local),
        candidate("x.Ssh", "steward-probe-ssh.jar", () -> ssh));

    @Test
    void selectsTheIdNamedInSettings() {
      assertThat(transports.select(ExtensionPoint.TRANSPORT, naming(CoreSettings.TRANSPORT, "ssh"))).isSameAs(ssh);
    }

    @Test
    void selectsTheIdNamedAsText() {
      Settings settings = Settings.fromText(Map.of("steward.transport", "ssh"));

      assertThat(transports.select(ExtensionPoint.TRANSPORT, settings)).isSameAs(ssh);
    }

    @Test
    void selectsTheDefaultIdWhenSettingsNameNone() {
      assertThat(transports.select(ExtensionPoint.TRANSPORT, Settings.empty())).isSameAs(local);
    }

    @Test
    void selectsTheOnlyOneFoundWhenTheSettingHasNoDefault() {
      FakeProbeProvider only = new FakeProbeProvider("proxmox");
      ProviderRegistry registry = registry(ExtensionPoint.PROBE, candidate("p.Proxmox", "steward-probe-proxmox.jar", () -> only));

      assertThat(CoreSettings.PROBE.defaultValue()).isEmpty();
      assertThat(registry.select(ExtensionPoint.PROBE, Settings.empty())).isSameAs(only);
    }

    @Test
    void selectsById() {
      assertThat(transports.select(ExtensionPoint.TRANSPORT, "local")).isSameAs(local);
      assertThat(transports.select(ExtensionPoint.TRANSPORT, "ssh")).isSameAs(ssh);
    }

    @Test
    void keepsExtensionPointsApart() {
      ProviderRegistry registry = registry(ExtensionPoint.NODE_SELECTOR, selector("s.Ssh", "s.jar", "ssh"));

      assertThat(catchThrowableOfType(ProviderNotFoundException.class, () -> registry.select(ExtensionPoint.PROBE, "ssh")))
          .hasMessageStartingWith("No probe provider has the id 'ssh', and none was found at all.");
    }
  }

  // ---- create ---------------------------------------------------------------------------------

  @Nested
  @DisplayName("create() validates the provider's settings, all at once, before building")
  class Create {
    private final Setting<Duration> timeout = Setting.duration("acme.timeout", "how long the acme probe waits");
    private final Setting<Integer> retries = Setting.integer("acme.retries", "how often the acme probe retries")
        .withDefault(3).require(n -> n >= 1, "be at least 1");
    private final Setting<String> token = Setting.text("acme.credentials", "the acme API credentials")
        .require(s -> s.length() >= 12, "be at least 12 characters").secret();

    @Test
    void reportsEveryBadProviderSettingAtOnceAndDoesNotBuild() {
      FakeProbeProvider provider = new FakeProbeProvider("acme", List.of(timeout, retries, token));
      ProviderRegistry registry = registry(ExtensionPoint.PROBE, candidate("com.acme.AcmeProbeProvider", "acme.jar", () -> provider));
      Settings settings = Settings.builder()
          .set("acme.timeout", "soon").set("acme.retries", "0").set("acme.credentials", "hunter2").build();

      InvalidSettingsException e = catchThrowableOfType(InvalidSettingsException.class,
          () -> registry.create(ExtensionPoint.PROBE, settings));

      assertThat(e).hasMessage("3 settings are invalid:\n"
          + "  acme.timeout: 'soon' is not a duration; write e.g. 500ms, 30s, 2m, 1h or PT30S\n"
          + "  acme.retries: '0' must be at least 1\n"
          + "  acme.credentials: **** must be at least 12 characters");
      assertThat(e.getMessage()).doesNotContain("hunter2");
      assertThat(e.problems()).extracting(p -> p.name())
          .containsExactly("acme.timeout", "acme.retries", "acme.credentials");
      assertThat(provider.created).isFalse();
    }

    @Test
    void buildsWhenTheProviderSettingsAreGood() {
      FakeProbeProvider provider = new FakeProbeProvider("acme", List.of(timeout, retries, token));
      ProviderRegistry registry = registry(ExtensionPoint.PROBE, candidate("com.acme.AcmeProbeProvider", "acme.jar", () -> provider));
      Settings settings = Settings.builder().set("acme.timeout", "5s").set("acme.credentials", "correct horse battery").build();

      registry.create(ExtensionPoint.PROBE, settings);

      assertThat(provider.created).isTrue();
    }

    @Test
    void givesAPluginTheTransportTheSettingsSelect() {
      FakeTransportProvider ssh = new FakeTransportProvider("ssh");
      Map<ExtensionPoint<?, ?>, List<Candidate>> candidates = new LinkedHashMap<>();
      candidates.put(ExtensionPoint.TRANSPORT, List.of(
          candidate("x.Local", "steward-core.jar", () -> new FakeTransportProvider("local")), candidate("x.Ssh", "ssh.jar", () -> ssh)));
      candidates.put(ExtensionPoint.NODE_SELECTOR, List.of(candidate("x.Asking", "asking.jar", TransportAskingSelectorProvider::new)));
      ProviderRegistry registry = ProviderRegistry.of(candidates, List.of());

      registry.create(ExtensionPoint.NODE_SELECTOR,
          Settings.builder().set(CoreSettings.TRANSPORT, "ssh").set(CoreSettings.NODE_SELECTOR, "asking").build());

      assertThat(ssh.built).hasSize(1);
    }

    @Test
    void refusesATransportThatAsksForATransport() {
      ProviderRegistry registry = registry(ExtensionPoint.TRANSPORT, candidate("x.Loop", "loop.jar", () -> new FakeTransportProvider("local") {
        @Override
        public Transport create(ProviderContext context) {
          return context.transport();
        }
      }));

      assertThat(catchThrowableOfType(StewardException.class, () -> registry.create(ExtensionPoint.TRANSPORT, Settings.empty())))
          .hasMessage("A transport provider cannot ask for another transport");
    }
  }

  // ---- more fakes -----------------------------------------------------------------------------

  private static class FakeTransportProvider implements TransportProvider {
    private final String id;
    final List<Transport> built = new ArrayList<>();

    FakeTransportProvider() {
      this("local");
    }

    FakeTransportProvider(String id) {
      this.id = id;
    }

    @Override
    public String id() {
      return id;
    }

    @Override
    public Transport create(ProviderContext context) {
      Transport transport = (Transport) java.lang.reflect.Proxy.newProxyInstance(Transport.class.getClassLoader(),
          new Class<?>[] {Transport.class}, (proxy, method, args) -> {
            throw new UnsupportedOperationException(method.getName());
          });
      built.add(transport);
      return transport;
    }
  }

  private static final class TransportAskingSelectorProvider implements NodeSelectorProvider {
    @Override
    public String id() {
      return "asking";
    }

    @Override
    public NodeSelector create(ProviderContext context) {
      context.transport();
      return TAKE_FIRST;
    }
  }
}
