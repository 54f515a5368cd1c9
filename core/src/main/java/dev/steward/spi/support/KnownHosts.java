package dev.steward.spi.support;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The hosts a manager that reaches hosts through a transport answers for in a {@code list()}
 * without a host: those its settings name, and every host it has been asked about since. Thread-safe.
 */
public final class KnownHosts {
  private final Set<String> hosts = new TreeSet<>();

  /** Starts with {@code configured}, e.g. the hosts of a {@code steward.<manager>.hosts} setting. */
  public KnownHosts(Collection<String> configured) {
    configured.forEach(this::touch);
  }

  /** Remembers {@code host}, so later lists cover it. */
  public synchronized void touch(String host) {
    hosts.add(Objects.requireNonNull(host, "host"));
  }

  /** What {@code perHost} answers for every known host, host by host in name order, as one list. */
  public <T> List<T> collect(Function<String, List<T>> perHost) {
    List<String> each;
    synchronized (this) {
      each = List.copyOf(hosts);
    }
    List<T> all = new ArrayList<>();
    for (String host : each) {
      all.addAll(perHost.apply(host));
    }
    return List.copyOf(all);
  }
}
