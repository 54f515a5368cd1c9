package dev.steward.probe.ssh;

import dev.steward.Command;
import dev.steward.CommandResult;
import dev.steward.CommandTimeoutException;
import dev.steward.Transport;
import dev.steward.probe.ssh.internal.Parallel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the same commands on many hosts at once, at most {@code concurrency} hosts at a time, each
 * host's commands one after another on its own session. A host that cannot be used (refused,
 * timed out, authentication failed, host key unknown or changed) becomes a {@link HostOutcome}
 * with a {@link HostFailure} and holds one worker for at most its timeouts; the others go on.
 * Works with any {@link Transport}; with the {@code ssh} one, a second run reuses the sessions of
 * the first.
 *
 * <p>Immutable and thread-safe; each {@link #run} has workers of its own.
 */
public final class SshFanOut {
  private static final Logger LOG = LoggerFactory.getLogger(SshFanOut.class);

  private final Transport transport;
  private final int concurrency;
  private final FanOutListener listener;

  private SshFanOut(Builder builder) {
    this.transport = builder.transport;
    this.concurrency = builder.concurrency;
    this.listener = builder.listener;
  }

  public static Builder builder(Transport transport) {
    return new Builder(transport);
  }

  /**
   * Runs {@code commands} on every host of {@code hosts} (a host given twice runs once) and waits
   * for all of them.
   *
   * @return one outcome per host, in the order given
   * @throws IllegalArgumentException when there are no commands
   */
  public FanOutReport run(Collection<String> hosts, List<Command> commands) {
    List<String> distinct = List.copyOf(new LinkedHashSet<>(hosts));
    List<Command> steps = List.copyOf(commands);
    if (steps.isEmpty()) {
      throw new IllegalArgumentException("A fan-out needs at least one command to run on each host");
    }
    long started = System.nanoTime();
    if (distinct.isEmpty()) {
      return new FanOutReport(List.of(), Duration.ZERO);
    }
    AtomicInteger finished = new AtomicInteger();
    List<HostOutcome> outcomes = Parallel.map(distinct, concurrency, "steward-fanout", host -> {
      notify(() -> listener.hostStarted(host));
      HostOutcome outcome = runOn(host, steps);
      int done = finished.incrementAndGet();
      notify(() -> listener.hostFinished(outcome, done, distinct.size()));
      return outcome;
    });
    return new FanOutReport(outcomes, Duration.ofNanos(System.nanoTime() - started));
  }

  private HostOutcome runOn(String host, List<Command> steps) {
    long started = System.nanoTime();
    List<CommandResult> results = new ArrayList<>();
    Optional<HostFailure> failure = Optional.empty();
    try {
      for (Command step : steps) {
        results.add(transport.run(host, step));
      }
    } catch (SshConnectionException e) {
      failure = Optional.of(new HostFailure(e.reason(), e.getMessage()));
    } catch (CommandTimeoutException e) {
      failure = Optional.of(new HostFailure(FailureReason.COMMAND_TIMEOUT, e.getMessage()));
    } catch (RuntimeException e) {
      failure = Optional.of(new HostFailure(FailureReason.OTHER, e.getMessage() == null ? e.toString() : e.getMessage()));
    }
    failure.ifPresent(f -> LOG.debug("{} failed: {}", host, f.message()));
    return new HostOutcome(host, results, failure, Duration.ofNanos(System.nanoTime() - started));
  }

  private static void notify(Runnable call) {
    try {
      call.run();
    } catch (RuntimeException e) {
      LOG.warn("A fan-out listener failed; going on", e);
    }
  }

  /** Collects a fan-out's configuration; {@link #build()} copies it. Not thread-safe. */
  public static final class Builder {
    private final Transport transport;
    private int concurrency = 16;
    private FanOutListener listener = FanOutListener.NONE;

    private Builder(Transport transport) {
      this.transport = Objects.requireNonNull(transport, "transport");
    }

    /** How many hosts run at once; 16 by default. Each holds one thread and, over ssh, one session. */
    public Builder concurrency(int hosts) {
      if (hosts < 1 || hosts > 1024) {
        throw new IllegalArgumentException("A fan-out's concurrency must be between 1 and 1024 hosts, got " + hosts);
      }
      this.concurrency = hosts;
      return this;
    }

    public Builder listener(FanOutListener listener) {
      this.listener = Objects.requireNonNull(listener, "listener");
      return this;
    }

    public SshFanOut build() {
      return new SshFanOut(this);
    }
  }
}
