package dev.steward.status;

import dev.steward.CoreSettings;
import dev.steward.Settings;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * How a {@link StatusPublisher} publishes: where, how often, its socket's limits and what {@code
 * pause}, {@code resume}, {@code reload} and the embedder's own methods do. Immutable and
 * thread-safe; made by a {@link Builder}, which is copied at {@link Builder#build()}.
 */
public final class StatusOptions {
  /** Methods every publisher answers; an embedder cannot register these names. */
  public static final Set<String> BUILT_IN_METHODS = Set.of("status", "health", "pause", "resume", "reload");
  private static final Pattern METHOD = Pattern.compile("[A-Za-z][A-Za-z0-9._-]{0,63}");

  private final StatusLocation location;
  private final String instance;
  private final String host;
  private final Clock clock;
  private final Duration heartbeat;
  private final Duration idleTimeout;
  private final int requestLimit;
  private final int clientLimit;
  private final boolean socket;
  private final Runnable onPause;
  private final Runnable onResume;
  private final Runnable onReload;
  private final Map<String, StatusMethod> methods;

  private StatusOptions(Builder b) {
    this.instance = b.instance;
    this.host = b.host;
    this.location = StatusLocation.of(b.directory, b.instance, b.host);
    this.clock = b.clock;
    this.heartbeat = b.heartbeat;
    this.idleTimeout = b.idleTimeout;
    this.requestLimit = b.requestLimit;
    this.clientLimit = b.clientLimit;
    this.socket = b.socket;
    this.onPause = b.onPause;
    this.onResume = b.onResume;
    this.onReload = b.onReload;
    this.methods = Map.copyOf(b.methods);
  }

  /** Options for instance {@code instance} publishing into {@code directory}, with the default settings. */
  public static Builder builder(Path directory, String instance) {
    return new Builder(directory, instance);
  }

  /**
   * Options from settings: {@link StatusSettings} and {@link CoreSettings#INSTANCE} and {@link
   * CoreSettings#CLOCK}.
   */
  public static Builder builder(Settings settings) {
    Builder b = new Builder(settings.get(StatusSettings.DIRECTORY), settings.get(CoreSettings.INSTANCE));
    b.clock = settings.get(CoreSettings.CLOCK);
    b.heartbeat(settings.get(StatusSettings.HEARTBEAT));
    b.idleTimeout(settings.get(StatusSettings.IDLE_TIMEOUT));
    b.requestLimit(Math.toIntExact(settings.get(StatusSettings.REQUEST_LIMIT)));
    b.clientLimit(settings.get(StatusSettings.CLIENT_LIMIT));
    return b;
  }

  public StatusLocation location() {
    return location;
  }

  public String instance() {
    return instance;
  }

  public String host() {
    return host;
  }

  public Clock clock() {
    return clock;
  }

  public Duration heartbeat() {
    return heartbeat;
  }

  public Duration idleTimeout() {
    return idleTimeout;
  }

  public int requestLimit() {
    return requestLimit;
  }

  public int clientLimit() {
    return clientLimit;
  }

  /** Whether the socket endpoint is served; the file is always written. */
  public boolean socket() {
    return socket;
  }

  Runnable onPause() {
    return onPause;
  }

  Runnable onResume() {
    return onResume;
  }

  Runnable onReload() {
    return onReload;
  }

  /** The embedder's methods, by name. */
  public Map<String, StatusMethod> methods() {
    return methods;
  }

  /** Collects options. Not thread-safe. */
  public static final class Builder {
    private final Path directory;
    private final String instance;
    private String host = "local";
    private Clock clock = Clock.systemUTC();
    private Duration heartbeat = StatusSettings.HEARTBEAT.defaultValue().orElseThrow();
    private Duration idleTimeout = StatusSettings.IDLE_TIMEOUT.defaultValue().orElseThrow();
    private int requestLimit = Math.toIntExact(StatusSettings.REQUEST_LIMIT.defaultValue().orElseThrow());
    private int clientLimit = StatusSettings.CLIENT_LIMIT.defaultValue().orElseThrow();
    private boolean socket = true;
    private Runnable onPause = () -> {};
    private Runnable onResume = () -> {};
    private Runnable onReload = () -> {};
    private final Map<String, StatusMethod> methods = new LinkedHashMap<>();

    private Builder(Path directory, String instance) {
      this.directory = Objects.requireNonNull(directory, "directory");
      this.instance = Objects.requireNonNull(instance, "instance");
      if (CoreSettings.INSTANCE.check(instance).isPresent()) {
        throw new IllegalArgumentException("Instance name '" + instance + "' is not valid: it must "
            + CoreSettings.INSTANCE.check(instance).get().substring("must ".length()));
      }
    }

    /** The host the items live on, when it is not this machine: the file names then carry a hash of it. */
    public Builder host(String host) {
      this.host = Objects.requireNonNull(host, "host").isBlank() ? "local" : host;
      return this;
    }

    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    public Builder heartbeat(Duration heartbeat) {
      check(StatusSettings.HEARTBEAT, heartbeat);
      this.heartbeat = heartbeat;
      return this;
    }

    public Builder idleTimeout(Duration idleTimeout) {
      check(StatusSettings.IDLE_TIMEOUT, idleTimeout);
      this.idleTimeout = idleTimeout;
      return this;
    }

    public Builder requestLimit(int bytes) {
      check(StatusSettings.REQUEST_LIMIT, (long) bytes);
      this.requestLimit = bytes;
      return this;
    }

    public Builder clientLimit(int clients) {
      check(StatusSettings.CLIENT_LIMIT, clients);
      this.clientLimit = clients;
      return this;
    }

    /** Whether to serve the socket (default true); without it only the file is written. */
    public Builder socket(boolean serve) {
      this.socket = serve;
      return this;
    }

    /** Runs on {@code pause}, after the publisher shows itself paused; runs on the caller's thread. */
    public Builder onPause(Runnable action) {
      this.onPause = Objects.requireNonNull(action, "action");
      return this;
    }

    public Builder onResume(Runnable action) {
      this.onResume = Objects.requireNonNull(action, "action");
      return this;
    }

    public Builder onReload(Runnable action) {
      this.onReload = Objects.requireNonNull(action, "action");
      return this;
    }

    /** Adds a method clients can call on the socket. */
    public Builder method(String name, StatusMethod method) {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(method, "method");
      if (!METHOD.matcher(name).matches()) {
        throw new IllegalArgumentException("Method name '" + name + "' is not valid: use letters, digits and . _ -, "
            + "starting with a letter, at most 64");
      }
      if (BUILT_IN_METHODS.contains(name)) {
        throw new IllegalArgumentException("Method '" + name + "' is built in; choose another name");
      }
      if (methods.putIfAbsent(name, method) != null) {
        throw new IllegalArgumentException("Method '" + name + "' is registered twice");
      }
      return this;
    }

    public StatusOptions build() {
      return new StatusOptions(this);
    }

    private static <T> void check(dev.steward.Setting<T> key, T value) {
      Objects.requireNonNull(value, key.name());
      key.check(value).ifPresent(problem -> {
        throw new IllegalArgumentException(key.name() + " " + key.show(value) + " " + problem);
      });
    }
  }
}
