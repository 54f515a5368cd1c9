package dev.steward.systemd.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steward.StewardException;
import dev.steward.testsupport.Poll;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class ReloadGateTest {
  /** A thread that calls {@link ReloadGate#reloadSince()} and keeps what it threw. */
  private static final class Caller extends Thread {
    private final ReloadGate gate;
    final AtomicReference<Throwable> failure = new AtomicReference<>();

    Caller(ReloadGate gate) {
      this.gate = gate;
      setDaemon(true);
      start();
    }

    @Override
    public void run() {
      try {
        gate.reloadSince();
      } catch (Throwable t) {
        failure.set(t);
      }
    }

    void finish() throws InterruptedException {
      join(TimeUnit.SECONDS.toMillis(10));
      assertThat(isAlive()).as("a caller still waits").isFalse();
    }
  }

  /** Reloads that count themselves; the first one runs until the test lets it end. */
  private static final class Reloads implements Runnable {
    final AtomicInteger count = new AtomicInteger();
    final CountDownLatch firstMayEnd = new CountDownLatch(1);
    volatile int failing;

    @Override
    public void run() {
      int number = count.incrementAndGet();
      if (number == 1) {
        try {
          assertThat(firstMayEnd.await(30, TimeUnit.SECONDS)).as("the test let the first reload end").isTrue();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      if (number == failing) {
        throw new StewardException("Could not reload systemd (daemon-reload) on h1: it said no");
      }
    }
  }

  /** Callers that came while the first reload ran, each waiting in the gate. */
  private static List<Caller> waitingBehindTheFirst(ReloadGate gate, Reloads reloads, int count) {
    Caller first = new Caller(gate);
    Poll.until("the first reload to run", () -> reloads.count.get() == 1);
    List<Caller> later = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      later.add(new Caller(gate));
    }
    Poll.until("every later caller to wait", () -> later.stream().allMatch(c -> c.getState() == Thread.State.WAITING));
    later.add(0, first);
    return later;
  }

  @Test
  void callersThatArriveWhileAReloadRunsShareTheNextOne() throws Exception {
    Reloads reloads = new Reloads();
    ReloadGate gate = new ReloadGate(reloads);
    List<Caller> callers = waitingBehindTheFirst(gate, reloads, 7);

    // The seven wrote after the running reload began, which may have read the directory before.
    assertThat(reloads.count).hasValue(1);
    reloads.firstMayEnd.countDown();

    for (Caller caller : callers) {
      caller.finish();
      assertThat(caller.failure).hasValue(null);
    }
    assertThat(reloads.count).hasValue(2);
  }

  @Test
  void aCallerAloneRunsItsOwnReloadEachTime() {
    Reloads reloads = new Reloads();
    reloads.firstMayEnd.countDown();
    ReloadGate gate = new ReloadGate(reloads);

    gate.reloadSince();
    gate.reloadSince();

    assertThat(reloads.count).hasValue(2);
  }

  @Test
  void aFailedReloadFailsEveryCallerThatWaitedForIt() throws Exception {
    Reloads reloads = new Reloads();
    reloads.failing = 2;
    ReloadGate gate = new ReloadGate(reloads);
    List<Caller> callers = waitingBehindTheFirst(gate, reloads, 2);

    reloads.firstMayEnd.countDown();

    for (Caller caller : callers) {
      caller.finish();
    }
    assertThat(callers.get(0).failure).hasValue(null);
    for (Caller caller : callers.subList(1, 3)) {
      assertThat(caller.failure.get()).isInstanceOf(StewardException.class)
          .hasMessage("Could not reload systemd (daemon-reload) on h1: it said no");
    }
    assertThat(reloads.count).hasValue(2);
  }
}
