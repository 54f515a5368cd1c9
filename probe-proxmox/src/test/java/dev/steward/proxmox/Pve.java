package dev.steward.proxmox;

import dev.steward.proxmox.simulator.ProxmoxSimulator;
import dev.steward.proxmox.simulator.SimulatorBuilder;
import dev.steward.testsupport.MutableClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * What the integration tests share: a simulator that answers refusals and dead nodes quickly, a
 * client that pins its certificate and logs in with its token, waits recorded instead of slept,
 * and jitter fixed so each wait is exact.
 */
final class Pve {
  static final String TOKEN_ID = "steward@pve!probe";
  static final String TOKEN_SECRET = "6f1c2a9e-5b7d-4e3f-9a21-c0ffee5ec7e7";
  static final String USER = "root@pam";
  static final String PASSWORD = "correct-horse-battery-staple";
  /** With {@link FixedRandom#QUARTER}, a wait is 0.5 + 0.5 * 0.25 = 62.5 % of its nominal length. */
  static final double JITTER_FACTOR = 0.625;

  private Pve() {}

  /** A simulator with the token and the user, 20 ms refusals and dead-node answers, on {@code clock}. */
  static SimulatorBuilder simulator(MutableClock clock) {
    return ProxmoxSimulator.builder()
        .token(TOKEN_ID, TOKEN_SECRET)
        .user(USER, PASSWORD)
        .authDelay(Duration.ofMillis(20))
        .unreachableDelay(Duration.ofMillis(20))
        .timeoutDelay(Duration.ofMillis(40))
        .clock(clock);
  }

  static ApiToken token() {
    return new ApiToken(TOKEN_ID, Secret.of(TOKEN_SECRET));
  }

  /** A client of {@code pve} with the token, its certificate pinned, on {@code clock}, waiting into {@code sleeper}. */
  static ProxmoxClient.Builder client(ProxmoxSimulator pve, MutableClock clock, RecordingSleeper sleeper) {
    return ProxmoxClient.builder(pve.baseUri().toString())
        .credentials(token())
        .pin(Fingerprint.parse(pve.fingerprint()))
        .clock(clock)
        .sleeper(sleeper)
        .random(FixedRandom.QUARTER);
  }

  /** Records each wait and moves the clock on by it instead of sleeping. */
  static final class RecordingSleeper implements Sleeper {
    private final MutableClock clock;
    private final List<Duration> waits = new ArrayList<>();

    RecordingSleeper(MutableClock clock) {
      this.clock = clock;
    }

    @Override
    public synchronized void sleep(Duration duration) {
      waits.add(duration);
      clock.advance(duration);
    }

    synchronized List<Duration> waits() {
      return List.copyOf(waits);
    }
  }

  /** A "random" source that always draws the same number. */
  static final class FixedRandom implements RandomGenerator {
    static final FixedRandom QUARTER = new FixedRandom(0.25);
    private final double value;

    FixedRandom(double value) {
      this.value = value;
    }

    @Override
    public double nextDouble() {
      return value;
    }

    @Override
    public long nextLong() {
      return (long) (value * Long.MAX_VALUE);
    }
  }
}
