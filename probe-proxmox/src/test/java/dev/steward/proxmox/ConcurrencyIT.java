package dev.steward.proxmox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steward.proxmox.simulator.ProxmoxSimulator;
import dev.steward.testsupport.MutableClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The bound on requests in flight holds however many threads call at once, as the server counts them. */
class ConcurrencyIT {
  private final MutableClock clock = MutableClock.startingAtEpochOf2026();

  @ParameterizedTest(name = "max {0} in flight")
  @ValueSource(ints = {1, 3})
  @DisplayName("24 threads calling at once never have more requests in flight than the bound, and reach it")
  void neverMoreInFlightThanTheBound(int bound) throws Exception {
    // Each request takes 30 ms on the server, so requests overlap whenever the client lets them.
    try (ProxmoxSimulator pve = Pve.simulator(clock).latency(Duration.ofMillis(30)).start()) {
      ProxmoxClient client = Pve.client(pve, clock, new Pve.RecordingSleeper(clock)).maxConcurrency(bound).build();
      ExecutorService threads = Executors.newFixedThreadPool(24);
      try {
        List<Future<PveVersion>> calls = new ArrayList<>();
        for (int i = 0; i < 48; i++) {
          calls.add(threads.submit(client::version));
        }
        for (Future<PveVersion> call : calls) {
          assertThat(call.get().release()).isEqualTo("8.3");
        }
      } finally {
        threads.shutdownNow();
      }

      assertThat(pve.requests().served()).isEqualTo(48);
      assertThat(pve.requests().maxInFlight()).isEqualTo(bound);
      assertThat(client.stats().maxInFlight()).isEqualTo(bound);
    }
  }
}
