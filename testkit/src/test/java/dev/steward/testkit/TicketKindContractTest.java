package dev.steward.testkit;

import dev.steward.Observation;
import dev.steward.ObservedResource;
import dev.steward.ResourceKey;
import dev.steward.ResourceRecord;
import dev.steward.Settings;
import dev.steward.discovery.ProviderRegistry;
import dev.steward.testkit.contract.KindContract;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * The kind contract as a third party runs it for a kind of its own, found in its jar ({@link
 * TicketKindJar}): tickets a, b and c are wanted; b is open, c failed, and d is open but no longer
 * wanted (two additions and a removal due).
 */
class TicketKindContractTest extends KindContract {
  @TempDir
  static Path plugins;
  private static URLClassLoader loader;

  @TempDir
  Path tickets;

  @BeforeAll
  static void buildThePlugin() throws IOException {
    Path jar = TicketKindJar.build(plugins, "acme-ticket.jar");
    loader = new URLClassLoader("plugins", new URL[] {jar.toUri().toURL()}, TicketKindContractTest.class.getClassLoader());
  }

  @AfterAll
  static void closeThePlugin() throws IOException {
    loader.close();
  }

  @Override
  protected String providerId() {
    return "ticket";
  }

  @Override
  protected ProviderRegistry registry() {
    return ProviderRegistry.discover(loader);
  }

  @Override
  protected Settings.Builder settings() {
    return Settings.builder().set(TicketKindJar.NAMES, "a, b, c").set(TicketKindJar.DIRECTORY, tickets.toString());
  }

  @Override
  protected List<ResourceRecord> records() {
    return List.of(
        record(ResourceKey.local("ticket", "b"), "OPEN", Optional.empty(), Map.of()),
        record(ResourceKey.local("ticket", "c"), "FAILED", Optional.empty(), Map.of()),
        record(ResourceKey.local("ticket", "d"), "OPEN", Optional.empty(), Map.of()));
  }

  @Override
  protected Observation observe(String host, Instant at) {
    if (!host.equals(ResourceKey.LOCAL)) {
      return super.observe(host, at);
    }
    return Observation.reached(host, at, List.of(ObservedResource.of(ResourceKey.local("ticket", "b")),
        ObservedResource.of(ResourceKey.local("ticket", "d"))), CALM);
  }
}
