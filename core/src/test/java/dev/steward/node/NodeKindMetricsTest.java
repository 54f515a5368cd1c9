package dev.steward.node;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.steward.ActionType;
import dev.steward.CoreSettings;
import dev.steward.HostMetrics;
import dev.steward.NodeSelector;
import dev.steward.Observation;
import dev.steward.ObservedResource;
import dev.steward.Probe;
import dev.steward.ProcessSpec;
import dev.steward.ResourceKey;
import dev.steward.Settings;
import dev.steward.StateStore;
import dev.steward.Transport;
import dev.steward.discovery.ExtensionPoint;
import dev.steward.discovery.ProviderRegistry;
import dev.steward.plan.Budgets;
import dev.steward.reconcile.PassReport;
import dev.steward.reconcile.Reconciler;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Node metrics for the selectors, read for real: each node's Prometheus page is served by a JDK
 * HTTP server on 127.0.0.1 and read through the local transport; {@code least-records} then removes
 * the node that says it holds the fewest records, which is not the one the index order would give.
 */
class NodeKindMetricsTest {
  private static final HostMetrics CALM = new HostMetrics(5, 10, 80, 0.1, 4);

  private final ScriptedProcessManager processes = new ScriptedProcessManager();
  private final List<HttpServer> servers = new ArrayList<>();
  private final Probe probe = host -> Observation.reached(host, Instant.now(), List.of(), CALM);
  private Transport transport;
  private StateStore store;
  private Reconciler reconciler;
  private List<DesiredFleet> fleets;
  private int base;

  @BeforeEach
  void setUp() throws IOException {
    Settings settings = Settings.builder().set(CoreSettings.STATE_STORE, "memory").set(CoreSettings.NODE_SELECTOR, "least-records").build();
    ProviderRegistry registry = ProviderRegistry.discover();
    store = registry.create(ExtensionPoint.STATE_STORE, settings);
    transport = registry.create(ExtensionPoint.TRANSPORT, settings);
    NodeSelector selector = registry.create(ExtensionPoint.NODE_SELECTOR, settings);
    base = serveTwoPages("demo_records_stored{shard=\"a\"} 60\ndemo_records_stored{shard=\"b\"} 40\n",
        "# TYPE demo_records_stored gauge\ndemo_records_stored 500\n");
    DesiredFleet web = new DesiredFleet("web", ResourceKey.LOCAL, 3, "1.0", Map.of(ProcessSpec.COMMAND, "node"), OptionalInt.empty(),
        FleetOptions.DEFAULT.withManager("scripted").withMetrics(new MetricsSource(base, "/metrics", Map.of("records", "demo_records_stored"))));
    fleets = List.of(web);
    NodeKind kind = NodeKind.builder().fleets(() -> fleets).processManager("scripted", processes).selector(selector)
        .metricsTransport(transport).build();
    reconciler = Reconciler.builder().store(store).probe(probe).kind(kind).budgets(Budgets.unlimited()).build();
  }

  @AfterEach
  void tearDown() {
    reconciler.close();
    transport.close();
    servers.forEach(s -> s.stop(0));
  }

  @Test
  void scrapedFiguresBecomeObservedAttributesAndTheSelectorRanksByThem() {
    reconciler.reconcileOnce();

    PassReport look = reconciler.planOnce();
    Map<String, String> one = observed(look, "web-1");
    Map<String, String> two = observed(look, "web-2");
    Map<String, String> three = observed(look, "web-3");
    assertThat(one).containsEntry("records", "100").doesNotContainKey(NodeKind.METRICS_ERROR);
    assertThat(two).containsEntry("records", "500");
    assertThat(three).doesNotContainKey("records");
    assertThat(three.get(NodeKind.METRICS_ERROR)).startsWith("could not read 127.0.0.1:" + (base + 2) + "/metrics on local: ");

    fleets = List.of(new DesiredFleet("web", ResourceKey.LOCAL, 2, "1.0", fleets.get(0).template(), OptionalInt.empty(),
        fleets.get(0).options()));
    PassReport shrink = reconciler.planOnce();

    // web-3 has no figure: least-records ranks an unknown count last, so web-1 (100 records) goes.
    assertThat(shrink.plan().actions()).filteredOn(a -> a.type() == ActionType.REMOVE).singleElement()
        .satisfies(remove -> {
          assertThat(remove.target().name()).isEqualTo("web-1");
          assertThat(remove.reason()).contains("chosen by the node selector");
        });
  }

  private static Map<String, String> observed(PassReport report, String name) {
    return report.drift().entries().stream().filter(e -> e.key().name().equals(name)).findFirst()
        .flatMap(e -> e.observed()).map(ObservedResource::attributes).orElseThrow();
  }

  /** Two pages on consecutive free ports; the third port after them is left closed. */
  private int serveTwoPages(String first, String second) throws IOException {
    for (int attempt = 0; attempt < 50; attempt++) {
      HttpServer a = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      int port = a.getAddress().getPort();
      HttpServer b;
      try {
        b = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port + 1), 0);
      } catch (IOException taken) {
        a.stop(0);
        continue;
      }
      serve(a, first);
      serve(b, second);
      return port;
    }
    throw new IOException("no two consecutive free ports on 127.0.0.1");
  }

  private void serve(HttpServer server, String page) {
    server.createContext("/metrics", exchange -> {
      byte[] body = page.getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "text/plain; version=0.0.4");
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    server.start();
    servers.add(server);
  }
}
