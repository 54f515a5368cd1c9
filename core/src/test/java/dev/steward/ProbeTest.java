package dev.steward;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProbeTest {
  @Test
  void observeAllObservesEachDistinctHostOnceInTheOrderGiven() {
    List<String> asked = new ArrayList<>();
    Probe probe = host -> {
      asked.add(host);
      return Observation.unreachable(host, Instant.EPOCH, "not here");
    };

    List<Observation> observations = probe.observeAll(List.of("web2", "web1", "web2"));

    assertThat(observations).extracting(Observation::host).containsExactly("web2", "web1");
    assertThat(asked).containsExactly("web2", "web1");
    assertThat(probe.observeAll(List.of())).isEmpty();
  }
}
