package dev.steward.mount;

import static dev.steward.mount.Fixtures.CONFIG;
import static dev.steward.mount.Fixtures.HOST;
import static dev.steward.mount.Fixtures.demo;
import static dev.steward.mount.Fixtures.key;
import static dev.steward.mount.Fixtures.project;

import dev.steward.Observation;
import dev.steward.ObservedResource;
import dev.steward.Probe;
import dev.steward.ResourceKey;
import dev.steward.ResourceRecord;
import dev.steward.Settings;
import dev.steward.spi.ProviderContext;
import dev.steward.testkit.contract.KindContract;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code project} kind (in its default mode, sync) runs the kind contract: on {@value
 * Fixtures#HOST} demo is mounted and not recorded and api is mounted and recorded MOUNTING (two
 * adoptions due), and old is recorded MOUNTED and gone (a FORGET due). The kind owns only the
 * records of its configuration's server, so the contract hands it no other server's records.
 */
class ProjectKindContractTest extends KindContract {
  private final RecordingTransport transport = new RecordingTransport();

  @Override
  protected String providerId() {
    return MountKind.KIND;
  }

  @Override
  protected ProviderContext context(Settings settings) {
    Probe probe = host -> observe(host, clock.instant());
    return ProviderContext.of(settings, transport).with(ProjectConfig.class, CONFIG).with(Probe.class, probe);
  }

  @Override
  protected List<ResourceRecord> records() {
    return List.of(
        record(key("api"), ProjectLifecycle.MOUNTING, Optional.empty(), Map.of()),
        record(ResourceKey.of(MountKind.KIND, "old", HOST), ProjectLifecycle.MOUNTED, Optional.empty(), Map.of()));
  }

  @Override
  protected Observation observe(String host, Instant at) {
    if (!host.equals(HOST)) {
      return super.observe(host, at);
    }
    ObservedResource api = project("api", Set.of("editable", "mount:/opt/api", "mount:/opt/api/conf"), "api-pkg");
    return Observation.reached(host, at, List.of(demo(), api), CALM);
  }
}
