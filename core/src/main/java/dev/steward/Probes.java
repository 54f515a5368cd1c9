package dev.steward;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Ways to put probes together. */
public final class Probes {
  private Probes() {}

  /**
   * One probe for hosts near and far: {@link Transports#LOCAL_NAMES} are observed by {@code local},
   * every other host by {@code remote} (normally {@code ssh}). {@link Probe#observeAll} asks both at
   * once and answers in the order given.
   */
  public static Probe byHost(Probe local, Probe remote) {
    Objects.requireNonNull(local, "local");
    Objects.requireNonNull(remote, "remote");
    return new ByHost(local, remote);
  }

  private record ByHost(Probe local, Probe remote) implements Probe {
    @Override
    public Observation observe(String host) {
      return (Transports.LOCAL_NAMES.contains(host) ? local : remote).observe(host);
    }

    @Override
    public List<Observation> observeAll(Collection<String> hosts) {
      List<String> near = new ArrayList<>();
      List<String> far = new ArrayList<>();
      for (String host : new LinkedHashSet<>(hosts)) {
        (Transports.LOCAL_NAMES.contains(host) ? near : far).add(host);
      }
      if (near.isEmpty() || far.isEmpty()) {
        return (near.isEmpty() ? remote : local).observeAll(near.isEmpty() ? far : near);
      }
      CompletableFuture<List<Observation>> nearby = CompletableFuture.supplyAsync(() -> local.observeAll(near), task -> {
        Thread thread = new Thread(task, "steward-probe-local");
        thread.setDaemon(true);
        thread.start();
      });
      List<Observation> observed = new ArrayList<>(remote.observeAll(far));
      try {
        observed.addAll(nearby.join());
      } catch (CompletionException e) {
        throw e.getCause() instanceof RuntimeException r ? r : e;
      }
      Map<String, Observation> byHost = observed.stream().collect(Collectors.toMap(Observation::host, Function.identity(), (a, b) -> a));
      List<Observation> ordered = new ArrayList<>();
      for (String host : new LinkedHashSet<>(hosts)) {
        ordered.add(byHost.get(host));
      }
      return ordered;
    }
  }
}
