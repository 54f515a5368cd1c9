package dev.steward.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steward.Observation;
import dev.steward.ObservedResource;
import dev.steward.Probe;
import dev.steward.ResourceKey;
import dev.steward.discovery.ExtensionPoint;
import dev.steward.spi.ProbeProvider;
import dev.steward.testsupport.MutableClock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link Probe} must have: a reachable host gives a reached observation of
 * that host, stamped by the clock the probe was given, listing each resource once; a host it
 * cannot reach gives an unreachable observation with a reason, never an exception; observations
 * may run from several threads at once and agree with each other.
 *
 * <p>The subclass puts something on the reachable host for the probe to see, {@link
 * #presentResource()}, for the length of each test (a process started in a {@code @BeforeEach}
 * and stopped in an {@code @AfterEach}, for example). The probe is made before that, with the
 * subclass's {@link #settings()} and the contract's clock.
 */
public abstract class ProbeContract extends ProviderContract<ProbeProvider, Probe> {
  /** The clock the probe is given; observations must be stamped with its time. */
  protected final MutableClock clock = MutableClock.startingAtEpochOf2026();
  protected Probe probe;

  protected ProbeContract() {
    super(ExtensionPoint.PROBE);
  }

  /** A host the probe observes, e.g. {@code "local"}. */
  protected abstract String reachableHost();

  /** A host the probe cannot observe: a name that does not resolve, or one the probe does not serve. */
  protected abstract String unreachableHost();

  /** A resource on {@link #reachableHost()} while each test runs; the subclass puts it there. */
  protected abstract ResourceKey presentResource();

  /** Attributes of {@link #presentResource()} that stay the same while it is there, such as its pid. */
  protected Set<String> stableAttributes() {
    return Set.of();
  }

  /** Whether the probe reports {@link dev.steward.HostMetrics} for a reached host. */
  protected boolean readsMetrics() {
    return false;
  }

  @BeforeEach
  void createProbe() {
    probe = create(settings().clock(clock));
  }

  @Test
  @DisplayName("observes a reachable host: a reached observation of that host, every resource on it, the present one among them")
  void observesAReachableHost() {
    Observation observation = probe.observe(reachableHost());

    assertReached(observation);
    assertThat(observation.resources()).allSatisfy(r -> assertThat(r.key().host()).isEqualTo(reachableHost()));
    assertThat(observation.find(presentResource())).as("the present resource %s", presentResource()).isPresent();
  }

  @Test
  @DisplayName("lists each resource once")
  void listsEachResourceOnce() {
    List<ResourceKey> keys = probe.observe(reachableHost()).resources().stream().map(ObservedResource::key).toList();

    assertThat(keys).doesNotHaveDuplicates();
  }

  @Test
  @DisplayName("stamps each observation, reached or not, with the time of the clock it was given")
  void stampsObservationsWithTheClock() {
    Instant first = clock.instant();
    assertThat(probe.observe(reachableHost()).observedAt()).isEqualTo(first);

    Instant later = clock.advance(java.time.Duration.ofMinutes(3));

    assertThat(probe.observe(reachableHost()).observedAt()).isEqualTo(later);
    assertThat(probe.observe(unreachableHost()).observedAt()).isEqualTo(later);
  }

  @Test
  @DisplayName("an unreachable host gives an unreachable observation with a reason naming it, not an exception")
  void anUnreachableHostIsUnknownNotEmpty() {
    Observation observation = probe.observe(unreachableHost());

    assertThat(observation.host()).isEqualTo(unreachableHost());
    assertThat(observation.isReachable()).isFalse();
    assertThat(observation.unreachableReason()).hasValueSatisfying(reason -> assertThat(reason).isNotBlank().contains(unreachableHost()));
    assertThat(observation.resources()).isEmpty();
    assertThat(observation.metrics()).isEmpty();
  }

  @Test
  @DisplayName("reports host metrics for a reached host exactly when it says it reads them")
  void reportsMetricsWhenItReadsThem() {
    Observation observation = probe.observe(reachableHost());

    assertReached(observation);
    if (readsMetrics()) {
      assertThat(observation.metrics()).hasValueSatisfying(metrics -> assertThat(metrics.cpus()).isPositive());
    } else {
      assertThat(observation.metrics()).isEmpty();
    }
  }

  @Test
  @DisplayName("observes from several threads at once, every observation complete")
  void observesConcurrently() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(6);
    try {
      List<Future<Observation>> observations = new ArrayList<>();
      for (int i = 0; i < 18; i++) {
        String host = i % 3 == 2 ? unreachableHost() : reachableHost();
        Callable<Observation> observe = () -> probe.observe(host);
        observations.add(pool.submit(observe));
      }
      for (int i = 0; i < observations.size(); i++) {
        Observation observation = observations.get(i).get();
        if (i % 3 == 2) {
          assertThat(observation.isReachable()).isFalse();
        } else {
          assertReached(observation);
          assertThat(observation.find(presentResource())).isPresent();
        }
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  @DisplayName("observing twice agrees: the present resource again, with the same stable attributes")
  void observingTwiceAgrees() {
    ObservedResource first = probe.observe(reachableHost()).find(presentResource()).orElseThrow();
    ObservedResource second = probe.observe(reachableHost()).find(presentResource()).orElseThrow();

    assertThat(stable(second)).isEqualTo(stable(first)).containsOnlyKeys(stableAttributes());
    assertThat(second.parts()).isEqualTo(first.parts());
  }

  private Map<String, String> stable(ObservedResource resource) {
    return resource.attributes().entrySet().stream().filter(e -> stableAttributes().contains(e.getKey()))
        .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a, TreeMap::new));
  }

  private void assertReached(Observation observation) {
    assertThat(observation.isReachable()).as("reached %s, but: %s", reachableHost(), observation.unreachableReason().orElse(""))
        .isTrue();
    assertThat(observation.host()).isEqualTo(reachableHost());
  }
}
