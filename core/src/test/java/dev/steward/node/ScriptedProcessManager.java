package dev.steward.node;

import dev.steward.ProcessManager;
import dev.steward.ProcessState;
import dev.steward.ProcessStatus;
import dev.steward.ResourceKey;
import dev.steward.Spec;
import dev.steward.StewardException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A process manager for the executor's unit tests: it keeps "processes" as entries in a map, counts
 * every start and stop, and fails starts of names it was told to fail. The real manager is proven
 * with real processes in manager-process and in the runner's integration tests.
 */
public class ScriptedProcessManager implements ProcessManager {
  final Map<ResourceKey, ProcessStatus> running = new ConcurrentHashMap<>();
  final List<String> calls = java.util.Collections.synchronizedList(new ArrayList<>());
  final Map<String, String> failStarts = new ConcurrentHashMap<>();
  private final AtomicLong pids = new AtomicLong(1000);

  @Override
  public ProcessStatus start(Spec spec) {
    calls.add("start " + spec.key().name());
    ProcessStatus current = running.get(spec.key());
    if (current != null) {
      return current;
    }
    String failure = failStarts.get(spec.key().name());
    if (failure != null) {
      throw new StewardException(failure);
    }
    ProcessStatus status = new ProcessStatus(spec.key(), ProcessState.RUNNING, OptionalLong.of(pids.incrementAndGet()),
        Optional.of(Instant.parse("2026-01-01T00:00:00Z")), Map.of("version", spec.property("version").orElse("")));
    running.put(spec.key(), status);
    return status;
  }

  @Override
  public ProcessStatus stop(ResourceKey key, Duration grace) {
    calls.add("stop " + key.name());
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

  long starts() {
    return calls.stream().filter(c -> c.startsWith("start")).count();
  }
}
