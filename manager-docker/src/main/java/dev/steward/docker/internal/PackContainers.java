package dev.steward.docker.internal;

import dev.steward.CommandResult;
import dev.steward.ProcessStartException;
import dev.steward.ResourceKey;
import dev.steward.StewardException;
import dev.steward.docker.ForeignContainerException;
import dev.steward.docker.internal.PackShell.PackExecException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pack containers of an instance ({@link PackConfig}): found by their labels and the name those
 * give, read with {@link PackShell}, made or started when a node needs one, and removed when no
 * node is left in one. A container labelled as a pack whose labels and name do not agree, or that
 * names another instance or host, is never used, changed or removed.
 *
 * <p>Each pack container has a lock of its own in this manager: it is made, started, given a node
 * ({@link #locked}) or removed under it, so a pack is never removed under a node being started in
 * it, while nodes of one pack still start at once. Thread-safe.
 */
final class PackContainers {
  private static final Logger LOG = LoggerFactory.getLogger(PackContainers.class);

  /** A pack container and, when it runs, the nodes in it. */
  record Pack(Container container, List<PackedNode> nodes, boolean running) {
    Pack {
      Objects.requireNonNull(container, "container");
      nodes = List.copyOf(nodes);
    }

    String name() {
      return container.name();
    }

    String label() {
      return container.label(ContainerConfig.LABEL_PACK).orElse("");
    }
  }


  private final DockerCli docker;
  private final PackShell shell;
  private final String instance;
  private final Map<String, Object> locks = new ConcurrentHashMap<>();

  PackContainers(DockerCli docker, PackShell shell, String instance) {
    this.docker = Objects.requireNonNull(docker, "docker");
    this.shell = Objects.requireNonNull(shell, "shell");
    this.instance = Objects.requireNonNull(instance, "instance");
  }

  /** Whether {@code container} is labelled as a pack: {@link PackedNodes#statuses} takes it, not the manager of single containers. */
  static boolean isPack(Container container) {
    return container.label(ContainerConfig.LABEL_PACK).isPresent();
  }

  /** The instance's pack containers on the host: one docker ps, one docker inspect, and one docker exec per running pack. */
  List<Pack> onHost(String host) {
    return read(host, docker.inspect(host, docker.packsOf(host, instance)));
  }

  /** Those of these containers that are the instance's packs on the host, each with its nodes when it runs: one docker exec each. */
  List<Pack> read(String host, List<Container> containers) {
    List<Pack> packs = new ArrayList<>();
    for (Container container : containers) {
      if (!ours(host, container)) {
        LOG.warn("Ignoring container {} on {}: it is labelled as a pack but is not a pack container instance {} made for host {}",
            container.name(), host, instance, host);
      } else if (!up(container)) {
        packs.add(new Pack(container, List.of(), false));
      } else {
        try {
          packs.add(new Pack(container, shell.read(host, container.name()), true));
        } catch (PackExecException e) {
          if (!e.containerDown()) {
            throw e;
          }
          packs.add(new Pack(container, List.of(), false));
        }
      }
    }
    return packs;
  }

  /** Whether {@code container} is a pack this instance made on {@code host}: its labels and the name they give say so. */
  private boolean ours(String host, Container container) {
    Optional<String> label = container.label(ContainerConfig.LABEL_PACK);
    Optional<String> hash = container.label(ContainerConfig.LABEL_SPEC_HASH);
    return label.isPresent() && hash.isPresent() && container.label(ContainerConfig.LABEL_KEY).isEmpty()
        && container.label(ContainerConfig.LABEL_INSTANCE).filter(instance::equals).isPresent()
        && container.label(ContainerConfig.LABEL_HOST).filter(host::equals).isPresent()
        && container.name().equals(ContainerNames.pack(instance, label.get(), hash.get()));
  }

  /** Whether a docker exec can run in the container: not when it is paused, restarting or stopped. */
  static boolean up(Container container) {
    return container.status().equals("running");
  }

  /**
   * The running pack container of {@code config}: made, or started again, when it must be, under
   * its lock.
   *
   * @throws ProcessStartException when docker cannot make or start it
   * @throws ForeignContainerException when a container of its name is not this instance's pack
   */
  Container ensure(PackConfig config) {
    ContainerConfig made = config.container();
    ResourceKey key = config.node().key();
    String host = key.host();
    synchronized (lock(host, made.name())) {
      return ensureLocked(key, made);
    }
  }

  private Container ensureLocked(ResourceKey key, ContainerConfig made) {
    String host = key.host();
    Optional<Container> existing = docker.inspect(host, made.name());
    if (existing.isPresent()) {
      requireOwn(key, existing.get());
      return up(existing.get()) ? existing.get() : startPack(key, existing.get().id(), made.name(), false);
    }
    CommandResult created = docker.create(host, made);
    if (!created.succeeded() && created.stderr().contains("Conflict. The container name")) {
      Container there = docker.inspect(host, made.name()).orElseThrow(() -> new ProcessStartException(key, "Could not start " + key + " on "
          + host + ": a container named " + made.name() + " came and went while Steward made it; docker said: " + created.stderr().strip()));
      requireOwn(key, there);
      LOG.info("Adopting pack container {} on {}: it was made meanwhile by another manager of instance {}", made.name(), host, instance);
      return up(there) ? there : startPack(key, there.id(), made.name(), false);
    }
    return startPack(key, docker.created(key, made, created), made.name(), true);
  }

  private Container startPack(ResourceKey key, String id, String name, boolean neverRan) {
    String host = key.host();
    CommandResult started = docker.start(host, id);
    if (!started.succeeded()) {
      if (neverRan) {
        docker.remove(host, id, true);
      }
      throw new ProcessStartException(key, "Could not start " + key + " on " + host + ": docker could not start its pack container " + name
          + (neverRan ? " (the container was removed)" : "") + "; docker said: " + started.stderr().strip());
    }
    LOG.info("Started pack container {} on {} for {}", name, host, key);
    return docker.inspect(host, id).orElseThrow(() -> new StewardException("The pack container " + name + " on " + host
        + " was removed while Steward started " + key + " in it"));
  }

  /** Refuses a container of the pack's name that this instance did not make as that pack. */
  private void requireOwn(ResourceKey key, Container container) {
    if (!ours(key.host(), container)) {
      throw new ForeignContainerException(key.host(), container.name(), "The container " + container.name() + " on " + key.host()
          + " has the name of the pack container of " + key + " but not the labels instance " + instance + " gives it ("
          + ContainerConfig.LABEL_PACK + ", " + ContainerConfig.LABEL_INSTANCE + ", " + ContainerConfig.LABEL_HOST
          + "), so Steward will not start nodes in it: remove or rename that container");
    }
  }

  /** Forgets a node that does not run in a pack container, and removes the container when no node is left in it. */
  void forget(ResourceKey key, String pack, String directory) {
    String host = key.host();
    synchronized (lock(host, pack)) {
      List<PackedNode> left;
      try {
        left = shell.forget(host, pack, directory);
      } catch (PackExecException e) {
        if (e.containerDown()) {
          return;
        }
        throw e;
      }
      if (left.isEmpty()) {
        docker.remove(host, pack, true);
        LOG.info("Removed pack container {} on {}: {} was the last node in it", pack, host, key);
      }
    }
  }

  /** Removes a pack container that holds no node (or, with {@code stopped}, that is not running), read again under its lock. */
  void removeIfEmpty(ResourceKey key, Pack pack, boolean stopped) {
    String host = key.host();
    synchronized (lock(host, pack.name())) {
      Optional<Container> now = docker.inspect(host, pack.container().id());
      if (now.isEmpty()) {
        return;
      }
      List<Pack> read = read(host, List.of(now.get()));
      boolean running = read.size() == 1 && read.get(0).running();
      if (running ? read.get(0).nodes().isEmpty() : stopped && read.size() == 1) {
        docker.remove(host, pack.container().id(), true);
        LOG.info("Removed pack container {} on {}: it held no node{}", pack.name(), host, running ? "" : " (it was not running)");
      }
    }
  }

  /** Runs {@code action} under the pack container's lock: what it starts there, the container is not removed under. */
  <T> T locked(String host, String pack, Supplier<T> action) {
    synchronized (lock(host, pack)) {
      return action.get();
    }
  }

  private Object lock(String host, String pack) {
    return locks.computeIfAbsent(host + "\0" + pack, k -> new Object());
  }
}
