package dev.steward.status;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.steward.StewardException;
import dev.steward.internal.status.InstanceLock;
import dev.steward.internal.status.StatusCodec;
import dev.steward.internal.status.StatusServer;
import dev.steward.internal.status.StatusServer.Answer;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes what a running instance is doing, for other processes: the status file and the socket
 * endpoint of {@link StatusOptions#location()}. The embedder tells it about its items with {@link
 * #put}, {@link #remove} and {@link #replaceAll}; the publisher keeps each item's {@code
 * created_at} from the first time it saw the id and changes its {@code updated_at} only when its
 * state changes, rewrites the file soon after every change (changes close together are written
 * once) and on every heartbeat, and answers {@code status}, {@code health}, {@code pause}, {@code
 * resume}, {@code reload} and the embedder's methods on the socket. {@link #close()} removes the
 * file and the socket; after a crash they stay and clients report them as stale.
 *
 * <pre>{@code
 * try (StatusPublisher status = StatusPublisher.start(StatusOptions.builder(settings).onPause(loop::pause).build())) {
 *   status.put(StatusItem.of("fwd-web", "forward", "active", "", Map.of("local", "127.0.0.1:8080"), clock.instant()));
 *   ...
 * }
 * }</pre>
 *
 * <p>Thread-safe. Threads: one scheduler thread (file writes, heartbeat, idle clients), and the
 * socket's accept thread and client threads (see {@code steward.status.client-limit}).
 */
public final class StatusPublisher implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(StatusPublisher.class);

  private final StatusOptions options;
  private final InstanceLock lock;
  private final ScheduledExecutorService scheduler;
  private final long pid = ProcessHandle.current().pid();
  private final Optional<Instant> processStartedAt = ProcessHandle.current().info().startInstant();
  private final Instant startedAt;
  private final Object control = new Object();
  private final AtomicBoolean writePending = new AtomicBoolean();
  private final Object fileWrites = new Object();

  // Guarded by this.
  private final Map<String, StatusItem> items = new LinkedHashMap<>();
  private Instant updatedAt;
  private Instant heartbeatAt;
  private boolean paused;
  private boolean closed;
  private Encoded encoded;

  private volatile String lastWriteProblem;
  private volatile StatusServer server;
  private volatile ScheduledFuture<?> heartbeat;

  /** A snapshot and its JSON, built when first asked for after a change. */
  private record Encoded(StatusSnapshot snapshot, ByteBuffer json) {}

  private StatusPublisher(StatusOptions options, InstanceLock lock, ScheduledExecutorService scheduler) {
    this.options = options;
    this.lock = lock;
    this.scheduler = scheduler;
    this.startedAt = options.clock().instant();
    this.updatedAt = startedAt;
    this.heartbeatAt = startedAt;
  }

  /**
   * Starts publishing: creates the status directory (0700) when missing, takes the instance lock,
   * writes the file and, unless turned off, binds the socket (replacing one a crashed instance
   * left).
   *
   * @throws InstanceRunningException when another instance of the same name runs, naming its pid
   * @throws StewardException when the socket path is too long or the directory cannot be used
   */
  public static StatusPublisher start(StatusOptions options) {
    StatusLocation location = options.location();
    if (options.socket()) {
      location.socketPathProblem().ifPresent(problem -> {
        throw new StewardException(problem);
      });
    }
    InstanceLock lock;
    try {
      Files.createDirectories(location.directory(), StatusFile.DIR_0700);
      lock = InstanceLock.acquire(location);
    } catch (IOException e) {
      throw new StewardException("Could not use the status directory " + location.directory() + ": " + e
          + ". Check that it is a directory this user can write, or choose another with " + StatusSettings.DIRECTORY.name(), e);
    }
    ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "steward-status-" + location.name());
      t.setDaemon(true);
      return t;
    });
    StatusPublisher publisher = new StatusPublisher(options, lock, scheduler);
    try {
      StatusFile.removeLeftovers(location.file());
      publisher.writeFile();
      if (publisher.lastWriteProblem != null) {
        throw new StewardException("Could not write the status file " + location.file() + ": " + publisher.lastWriteProblem);
      }
      if (options.socket()) {
        publisher.server = StatusServer.start(location, new StatusServer.Limits(options.idleTimeout(),
            options.requestLimit(), options.clientLimit()), publisher::dispatch, scheduler);
      }
      long every = options.heartbeat().toMillis();
      publisher.heartbeat = scheduler.scheduleAtFixedRate(publisher::beat, every, every, TimeUnit.MILLISECONDS);
    } catch (IOException | RuntimeException e) {
      publisher.close();
      if (e instanceof StewardException) {
        throw (StewardException) e;
      }
      throw new StewardException("Could not start publishing status at " + location.socket() + ": " + e, e);
    }
    return publisher;
  }

  public StatusLocation location() {
    return options.location();
  }

  /**
   * Adds or updates an item. For an id seen before, its first {@code created_at} is kept, and its
   * {@code updated_at} stays unless the state changed (then it is the item's {@code updatedAt}, or
   * now when that is not later than the previous one).
   */
  public void put(StatusItem item) {
    Objects.requireNonNull(item, "item");
    synchronized (this) {
      checkOpen();
      StatusItem merged = merge(items.get(item.id()), item);
      if (merged.equals(items.get(item.id()))) {
        return;
      }
      items.put(item.id(), merged);
      changed();
    }
    scheduleWrite();
  }

  /** Removes an item; true when there was one. */
  public boolean remove(String id) {
    synchronized (this) {
      checkOpen();
      if (items.remove(id) == null) {
        return false;
      }
      changed();
    }
    scheduleWrite();
    return true;
  }

  /** Makes the items exactly these, in this order; ids seen before keep their times as {@link #put} does. */
  public void replaceAll(Collection<StatusItem> newItems) {
    List<StatusItem> given = List.copyOf(newItems);
    synchronized (this) {
      checkOpen();
      Map<String, StatusItem> next = new LinkedHashMap<>();
      for (StatusItem item : given) {
        if (next.put(item.id(), merge(items.get(item.id()), item)) != null) {
          throw new IllegalArgumentException("Status item id '" + item.id() + "' is given twice");
        }
      }
      if (new ArrayList<>(next.values()).equals(new ArrayList<>(items.values()))) {
        return;
      }
      items.clear();
      items.putAll(next);
      changed();
    }
    scheduleWrite();
  }

  /** What the socket's {@code status} answers right now. */
  public synchronized StatusSnapshot snapshot() {
    return encoded().snapshot();
  }

  /** Whether a client asked this instance to pause (and it has not been resumed since). */
  public synchronized boolean paused() {
    return paused;
  }

  /** Writes the status file now, waiting until it is on disk. @throws StewardException when it cannot be written */
  public void flush() {
    synchronized (this) {
      checkOpen();
    }
    writeFile();
    String problem = lastWriteProblem;
    if (problem != null) {
      throw new StewardException("Could not write the status file " + location().file() + ": " + problem);
    }
  }

  private StatusItem merge(StatusItem previous, StatusItem item) {
    if (previous == null) {
      return item;
    }
    Instant updated = previous.updatedAt();
    if (!previous.state().equals(item.state())) {
      updated = item.updatedAt().isAfter(previous.updatedAt()) ? item.updatedAt() : options.clock().instant();
    }
    return new StatusItem(item.id(), item.kind(), item.state(), item.reason(), item.attributes(), previous.createdAt(),
        updated);
  }

  /** Caller holds this. */
  private void changed() {
    updatedAt = options.clock().instant();
    encoded = null;
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("The status publisher of " + location().name() + " is closed");
    }
  }

  /** Caller holds this. */
  private Encoded encoded() {
    if (encoded == null) {
      StatusSnapshot snapshot = new StatusSnapshot(StatusSnapshot.FORMAT_VERSION, options.instance(), options.host(), pid,
          processStartedAt, startedAt, updatedAt, heartbeatAt, paused, new ArrayList<>(items.values()));
      byte[] json = StatusCodec.toBytes(snapshot);
      ByteBuffer direct = ByteBuffer.allocateDirect(json.length).put(json).flip();
      encoded = new Encoded(snapshot, direct.asReadOnlyBuffer());
    }
    return encoded;
  }

  private void scheduleWrite() {
    if (writePending.compareAndSet(false, true)) {
      try {
        scheduler.execute(() -> {
          writePending.set(false);
          writeFile();
        });
      } catch (java.util.concurrent.RejectedExecutionException e) {
        writePending.set(false); // closing
      }
    }
  }

  private void beat() {
    synchronized (this) {
      if (closed) {
        return;
      }
      heartbeatAt = options.clock().instant();
      encoded = null;
    }
    writeFile();
  }

  private void writeFile() {
    synchronized (fileWrites) {
      ByteBuffer json;
      synchronized (this) {
        if (closed) {
          return;
        }
        json = encoded().json().duplicate();
      }
      byte[] bytes = new byte[json.remaining()];
      json.get(bytes);
      try {
        StatusFile.writeBytes(location().file(), bytes);
        if (lastWriteProblem != null) {
          LOG.info("The status file {} can be written again", location().file());
        }
        lastWriteProblem = null;
      } catch (IOException | RuntimeException e) {
        if (lastWriteProblem == null) {
          LOG.warn("Could not write the status file {}; will retry on the next change or heartbeat", location().file(), e);
        }
        lastWriteProblem = e.toString();
      }
    }
  }

  private Answer dispatch(String method, JsonNode params) {
    switch (method) {
      case "status":
        synchronized (this) {
          return Answer.raw(encoded().json());
        }
      case "health":
        return Answer.of(health());
      case "pause":
        return Answer.of(pauseOrResume(true));
      case "resume":
        return Answer.of(pauseOrResume(false));
      case "reload":
        synchronized (control) {
          options.onReload().run();
        }
        return Answer.of(StatusCodec.JSON.createObjectNode().put("reloaded", true));
      default:
        StatusMethod custom = options.methods().get(method);
        if (custom == null) {
          TreeSet<String> known = new TreeSet<>(StatusOptions.BUILT_IN_METHODS);
          known.addAll(options.methods().keySet());
          throw new StatusRequestException(StatusRequestException.METHOD_NOT_FOUND, "Method not found: '"
              + method + "'; this instance answers " + String.join(", ", known));
        }
        JsonNode result = custom.call(params);
        return Answer.of(result == null ? StatusCodec.JSON.nullNode() : result);
    }
  }

  private ObjectNode health() {
    ObjectNode health = StatusCodec.JSON.createObjectNode();
    String problem = lastWriteProblem;
    health.put("healthy", problem == null);
    health.put("instance", options.instance());
    health.put("pid", pid);
    synchronized (this) {
      health.put("paused", paused);
      health.put("items", items.size());
    }
    health.put("started_at", startedAt.toString());
    health.put("clients", server == null ? 0 : server.connectedClients());
    if (problem != null) {
      health.putArray("problems").add("cannot write the status file " + location().file() + ": " + problem);
    }
    return health;
  }

  /** The hook runs first: if it throws, the state stays as it was and the client gets the error. */
  private ObjectNode pauseOrResume(boolean pause) {
    boolean changed;
    synchronized (control) {
      synchronized (this) {
        changed = paused != pause;
      }
      if (changed) {
        (pause ? options.onPause() : options.onResume()).run();
        synchronized (this) {
          paused = pause;
          encoded = null;
        }
        scheduleWrite();
      }
    }
    return StatusCodec.JSON.createObjectNode().put("paused", pause).put("changed", changed);
  }

  /** Stops serving, removes the status file and the socket, and releases the name. Idempotent. */
  @Override
  public void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
    }
    ScheduledFuture<?> beat = heartbeat;
    if (beat != null) {
      beat.cancel(false);
    }
    StatusServer serving = server;
    if (serving != null) {
      serving.close();
    }
    synchronized (fileWrites) {
      synchronized (this) {
        closed = true;
      }
    }
    scheduler.shutdown();
    try {
      scheduler.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try {
      Files.deleteIfExists(location().file());
      dev.steward.spi.support.AtomicFiles.forceDirectory(location().directory());
    } catch (IOException e) {
      LOG.warn("Could not remove the status file {}: {}", location().file(), e.toString());
    } finally {
      lock.close();
    }
  }

  @Override
  public String toString() {
    return "StatusPublisher[" + location().file() + "]";
  }
}
