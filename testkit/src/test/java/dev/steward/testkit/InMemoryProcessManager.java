package dev.steward.testkit;

import dev.steward.ProcessManager;
import dev.steward.ProcessState;
import dev.steward.ProcessStatus;
import dev.steward.ResourceKey;
import dev.steward.Spec;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A process manager for tests that plan and act through the node kind without real processes: a
 * "process" is an entry in a map, started once and then adopted. The real managers are proven with
 * real processes by their own modules. Thread-safe.
 */
public final class InMemoryProcessManager implements ProcessManager {
  private static final Instant STARTED = Instant.parse("2026-01-01T00:00:00Z");

  private final Map<ResourceKey, ProcessStatus> running = new ConcurrentHashMap<>();
  private final AtomicLong pids = new AtomicLong(1000);

  @Override
  public ProcessStatus start(Spec spec) {
    return running.computeIfAbsent(spec.key(), key -> new ProcessStatus(key, ProcessState.RUNNING,
        OptionalLong.of(pids.incrementAndGet()), Optional.of(STARTED), Map.of()));
  }

  @Override
  public ProcessStatus stop(ResourceKey key, Duration grace) {
    running.remove(key);
    return new ProcessStatus(key, ProcessState.STOPPED, OptionalLong.empty(), Optional.empty(), Map.of());
  }

  @Override
  public ProcessStatus status(ResourceKey key) {
    ProcessStatus status = running.get(key);
    return status == null ? ProcessStatus.absent(key) : status;
  }

  @Override
  public List<ProcessStatus> list() {
    return List.copyOf(running.values());
  }
}
