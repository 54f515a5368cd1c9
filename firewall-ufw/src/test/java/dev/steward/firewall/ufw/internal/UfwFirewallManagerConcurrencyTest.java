package dev.steward.firewall.ufw.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steward.FirewallRule;
import dev.steward.FirewallRule.Protocol;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class UfwFirewallManagerConcurrencyTest {
  private static final int OWNERS = 16;

  private final SimulatedUfw ufw = new SimulatedUfw();
  private final UfwFirewallManager firewall = new UfwFirewallManager(ufw);

  @Test
  void ownersAllowingOnePortAtOnceAreAllRecordedAndThePortClosesOnlyWhenTheLastLetsGo() throws Exception {
    everyOwnerAtOnce(rule -> firewall.allow("h1", rule));

    assertThat(firewall.rules("h1")).hasSize(OWNERS);

    everyOwnerAtOnce(rule -> firewall.remove("h1", rule));

    assertThat(ufw.comments()).isEmpty();
  }

  private void everyOwnerAtOnce(Consumer<FirewallRule> action) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int i = 0; i < OWNERS; i++) {
        FirewallRule rule = new FirewallRule(43000, Protocol.UDP, "node-" + i);
        done.add(pool.submit(() -> action.accept(rule)));
      }
      for (Future<?> future : done) {
        future.get();
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
