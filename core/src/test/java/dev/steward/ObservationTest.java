package dev.steward;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ObservationTest {
  private static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");
  private static final ObservedResource WEB_1 = ObservedResource.of(ResourceKey.of("node", "web-1", "h1"));

  @Test
  void anUnreachableHostHasAReasonAndNoResources() {
    Observation observation = Observation.unreachable("h1", T0, "ssh: connection timed out");

    assertThat(observation.isReachable()).isFalse();
    assertThat(observation.unreachableReason()).contains("ssh: connection timed out");
    assertThat(observation.resources()).isEmpty();
  }

  @Test
  void aReachedHostHasNoReasonAndItsResources() {
    Observation observation = Observation.reached("h1", T0, List.of(WEB_1));

    assertThat(observation.isReachable()).isTrue();
    assertThat(observation.unreachableReason()).isEmpty();
    assertThat(observation.resources()).containsExactly(WEB_1);
  }

  @Test
  void refusesAnUnreachableHostWithABlankReason() {
    assertThatThrownBy(() -> Observation.unreachable("h1", T0, "  "))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("Unreachable reason must not be blank");
  }

  @Test
  void refusesAnUnreachableHostWithResources() {
    assertThatThrownBy(() -> new Observation("h1", T0, Optional.of("down"), List.of(WEB_1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("An unreachable host h1 cannot have observed resources");
  }

  @Test
  void refusesAResourceOnAnotherHost() {
    ObservedResource elsewhere = ObservedResource.of(ResourceKey.of("node", "web-2", "h2"));

    assertThatThrownBy(() -> Observation.reached("h1", T0, List.of(WEB_1, elsewhere)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Observation of h1 contains node/web-2@h2, which is on another host");
  }

  @Test
  void keepsItsOwnCopyOfTheResources() {
    List<ObservedResource> resources = new ArrayList<>(List.of(WEB_1));
    Observation observation = Observation.reached("h1", T0, resources);

    resources.clear();

    assertThat(observation.resources()).containsExactly(WEB_1);
    assertThatThrownBy(() -> observation.resources().clear()).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void refusesAnInvalidHost() {
    assertThatThrownBy(() -> Observation.reached("h 1", T0, List.of()))
        .hasMessage("Host 'h 1' is not valid: use a host name, an IP address or 'local'");
  }

  @Test
  void observedResourceKeepsSortedUnmodifiableCopies() {
    Set<String> parts = new HashSet<>(Set.of("/srv/b", "/srv/a"));
    ObservedResource resource = new ObservedResource(ResourceKey.of("mount", "p", "h1"), parts, Map.of("source", "/x"));

    parts.add("/srv/c");

    assertThat(resource.parts()).containsExactly("/srv/a", "/srv/b");
    assertThatThrownBy(() -> resource.parts().add("/srv/c")).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> resource.attributes().clear()).isInstanceOf(UnsupportedOperationException.class);
  }
}
