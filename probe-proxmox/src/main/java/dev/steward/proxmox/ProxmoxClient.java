package dev.steward.proxmox;

import dev.steward.Settings;
import dev.steward.proxmox.internal.ApiReads;
import dev.steward.proxmox.internal.ClientSettings;
import java.net.URI;
import java.net.URISyntaxException;
import java.security.KeyStore;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.random.RandomGenerator;

/**
 * A client of the Proxmox VE API ({@code https://host:8006/api2/json}), on the JDK's
 * {@code java.net.http} client:
 * <ul>
 *   <li>authenticates with an {@link ApiToken} or a {@link UserPassword} (a ticket, renewed before
 *       its 2 hours end; a user with a second factor gets a {@link SecondFactorRequiredException});
 *   <li>trusts the default trust store first, then a pinned {@link Fingerprint}; the host name is
 *       checked except on the pinned path; {@link Builder#insecure()} trusts anything and is logged
 *       as a warning at every build;
 *   <li>has at most {@code maxConcurrency} requests in flight (default 3: pveproxy has 3 workers);
 *   <li>retries transient failures of GETs with exponential backoff and jitter ({@link RetryPolicy});
 *   <li>reads numbers sent as strings and booleans sent as 0/1, and ignores fields it does not know;
 *   <li>throws a {@link ProxmoxException} subclass per kind of failure.
 * </ul>
 *
 * <pre>{@code
 * ProxmoxClient pve = ProxmoxClient.builder("https://pve1.lan:8006")
 *     .credentials(new ApiToken("steward@pve!probe", Secret.fromFile(Path.of("/etc/steward/pve-token"))))
 *     .pin(Fingerprint.parse("AB:CD:..."))
 *     .build();
 * List<Guest> vms = pve.guests("pve1", GuestType.QEMU);
 * }</pre>
 *
 * <p>Thread-safe; share one per cluster, so the bound on requests in flight holds for the cluster.
 * It holds no resource that needs closing: the JDK's client stops its threads once unreferenced.
 */
public final class ProxmoxClient {
  private final ApiReads reads;

  private ProxmoxClient(ProxmoxClientConfig config) {
    this.reads = new ApiReads(config);
  }

  /**
   * A builder for the server at {@code url}: {@code https://host}, {@code https://host:8006}, or
   * with the API path {@code /api2/json}; the port is 8006 unless given, and a path without
   * {@code /api2/json} (a reverse proxy's prefix) gets it appended.
   */
  public static Builder builder(String url) {
    return new Builder(url);
  }

  /**
   * A client made from {@link ProxmoxSettings}: the URL, the token id and its secret from a file or
   * environment variable (or a user and a password file), the pin, the timeouts, the retries and
   * the clock ({@code steward.clock}).
   *
   * @throws dev.steward.InvalidSettingsException listing every problem at once
   */
  public static ProxmoxClient fromSettings(Settings settings) {
    return ClientSettings.builder(settings, System.getenv()).build();
  }

  public ProxmoxClientConfig config() {
    return reads.config();
  }

  /** What this client has sent so far. */
  public ClientStats stats() {
    return reads.stats();
  }

  /** {@code GET /version}: also a cheap check that the address, certificate and credentials work. */
  public PveVersion version() {
    return reads.version();
  }

  /** {@code GET /cluster/status} (needs {@code Sys.Audit} on {@code /}). */
  public ClusterStatus clusterStatus() {
    return reads.clusterStatus();
  }

  /** {@code GET /cluster/resources}: every node, guest and storage, from the cluster's view. */
  public ClusterResources clusterResources() {
    return reads.clusterResources();
  }

  /** {@code GET /nodes}: each node, its state, its certificate's fingerprint and (online) its load. */
  public List<ClusterNode> nodes() {
    return reads.nodes();
  }

  /** {@code GET /nodes/{node}/status}, forwarded to that node. */
  public NodeStatus nodeStatus(String node) {
    return reads.nodeStatus(node);
  }

  /** {@code GET /nodes/{node}/qemu?full=1} or {@code /lxc}: the node's VMs or containers, live. */
  public List<Guest> guests(String node, GuestType type) {
    return reads.guests(node, type);
  }

  /** {@code GET /nodes/{node}/qemu|lxc/{vmid}/status/current}. */
  public Guest guestStatus(String node, GuestType type, int vmid) {
    return reads.guestStatus(node, type, vmid);
  }

  /** {@code GET /nodes/{node}/qemu|lxc/{vmid}/config}, pending changes applied. */
  public GuestConfig guestConfig(String node, GuestType type, int vmid) {
    return reads.guestConfig(node, type, vmid);
  }

  /** {@code GET /nodes/{node}/storage}: each storage as the node sees it, with its usage. */
  public List<StoragePool> storages(String node) {
    return reads.storages(node);
  }

  /** {@code GET /nodes/{node}/storage/{storage}/content}: every volume. */
  public List<StorageVolume> storageContent(String node, String storage) {
    return reads.storageContent(node, storage);
  }

  /** One page of {@code GET /nodes/{node}/tasks}. */
  public TaskPage tasks(String node, TaskQuery query) {
    return reads.tasks(node, query);
  }

  /** {@code GET /nodes/{node}/tasks/{upid}/status}, on the task's node. */
  public Task taskStatus(Upid upid) {
    return reads.taskStatus(upid);
  }

  /** One page of a task's log: up to {@code limit} lines from the 0-based line {@code start}. */
  public LogPage taskLogPage(Upid upid, int start, int limit) {
    return reads.taskLogPage(upid, start, limit);
  }

  /** The lines of a task's log that {@code window} names, read page by page. */
  public TaskLog taskLog(Upid upid, LogWindow window) {
    return reads.taskLog(upid, window);
  }

  /**
   * The {@code data} of any other GET as JSON text, e.g. {@code getJson("/cluster/ha/status/current", Map.of())}.
   *
   * @param path below {@code /api2/json}, starting with {@code /}, segments already percent-encoded
   */
  public String getJson(String path, Map<String, String> query) {
    return reads.json(path, query);
  }

  /**
   * {@code POST path} with {@code form}, e.g. {@code postJson("/nodes/pve1/qemu/100/status/start", Map.of())}; the
   * {@code data} of the answer (for most writes a task's UPID) as JSON text. A ticket session sends
   * its CSRF token. Never retried: a write may have happened even when its answer was lost.
   */
  public String postJson(String path, Map<String, String> form) {
    return reads.post(path, form);
  }

  @Override
  public String toString() {
    return "ProxmoxClient[" + config() + "]";
  }

  /**
   * Collects a client's settings; {@link #build()} checks them all, reports every problem at
   * once, and copies them, so a builder can make several clients. Not thread-safe.
   */
  public static final class Builder {
    private final String url;
    private ProxmoxCredentials credentials;
    private Fingerprint pin;
    private KeyStore trustStore;
    private boolean insecure;
    private int maxConcurrency = 3;
    private Duration connectTimeout = Duration.ofSeconds(10);
    private Duration requestTimeout = Duration.ofSeconds(40);
    private RetryPolicy retryPolicy = RetryPolicy.DEFAULT;
    private Duration ticketRenewal = Duration.ofHours(1);
    private Clock clock = Clock.systemUTC();
    private Sleeper sleeper = Sleeper.system();
    private RandomGenerator random;

    private Builder(String url) {
      this.url = Objects.requireNonNull(url, "url");
    }

    /** How to log in: an {@link ApiToken} or a {@link UserPassword}. Required. */
    public Builder credentials(ProxmoxCredentials value) {
      credentials = Objects.requireNonNull(value, "credentials");
      return this;
    }

    /** A certificate to trust when the default trust store does not: the node's fingerprint. */
    public Builder pin(Fingerprint fingerprint) {
      pin = Objects.requireNonNull(fingerprint, "fingerprint");
      return this;
    }

    /** The trust store of the default check, instead of the JDK's (for a private CA). */
    public Builder trustStore(KeyStore store) {
      trustStore = Objects.requireNonNull(store, "store");
      return this;
    }

    /**
     * Trusts every certificate and host name. Anyone on the way can then read the credentials;
     * each build logs a warning. Pin the fingerprint instead.
     */
    public Builder insecure() {
      insecure = true;
      return this;
    }

    /** Requests in flight at once, 1 to 64; default 3 (pveproxy runs 3 workers). */
    public Builder maxConcurrency(int value) {
      maxConcurrency = value;
      return this;
    }

    /** How long connecting may take; default 10 s. */
    public Builder connectTimeout(Duration value) {
      connectTimeout = Objects.requireNonNull(value, "connectTimeout");
      return this;
    }

    /**
     * How long one request may take; default 40 s: pveproxy waits up to 30 s for a node it
     * forwards to before it answers 596, and holds every 401 for 3 s.
     */
    public Builder requestTimeout(Duration value) {
      requestTimeout = Objects.requireNonNull(value, "requestTimeout");
      return this;
    }

    /** How transient failures of GETs are retried; default {@link RetryPolicy#DEFAULT}. */
    public Builder retryPolicy(RetryPolicy value) {
      retryPolicy = Objects.requireNonNull(value, "retryPolicy");
      return this;
    }

    /** After how long a ticket is renewed, 1 to 110 minutes; default 1 h (a ticket lives 2 h). */
    public Builder ticketRenewal(Duration value) {
      ticketRenewal = Objects.requireNonNull(value, "ticketRenewal");
      return this;
    }

    /** The clock tickets are timed on; default the system clock. */
    public Builder clock(Clock value) {
      clock = Objects.requireNonNull(value, "clock");
      return this;
    }

    /** How to wait before a retry; default {@link Sleeper#system()}. */
    public Builder sleeper(Sleeper value) {
      sleeper = Objects.requireNonNull(value, "sleeper");
      return this;
    }

    /** The source of the retry waits' jitter; default a {@link Random} seeded from the time. */
    public Builder random(RandomGenerator value) {
      random = Objects.requireNonNull(value, "random");
      return this;
    }

    /**
     * Checks every setting and builds the client. Connects nowhere: the first call does.
     *
     * @throws IllegalArgumentException naming every problem
     */
    public ProxmoxClient build() {
      List<String> problems = new ArrayList<>();
      URI base = null;
      try {
        base = baseUri(url);
      } catch (IllegalArgumentException e) {
        problems.add(e.getMessage());
      }
      if (credentials == null) {
        problems.add("no credentials: give an ApiToken (preferred) or a UserPassword");
      }
      if (insecure && pin != null) {
        problems.add("insecure mode and a pinned fingerprint exclude each other: keep the pin");
      }
      if (maxConcurrency < 1 || maxConcurrency > 64) {
        problems.add("maxConcurrency must be 1 to 64, not " + maxConcurrency);
      }
      if (!positive(connectTimeout) || !positive(requestTimeout)) {
        problems.add("timeouts must be positive, not connect " + connectTimeout + " and request " + requestTimeout);
      }
      if (ticketRenewal.compareTo(Duration.ofMinutes(1)) < 0 || ticketRenewal.compareTo(Duration.ofMinutes(110)) > 0) {
        problems.add("ticketRenewal must be 1 to 110 minutes (a ticket lives 2 h), not " + ticketRenewal);
      }
      if (!problems.isEmpty()) {
        throw new IllegalArgumentException("The Proxmox client for '" + url + "' cannot be built: " + String.join("; ", problems));
      }
      return new ProxmoxClient(new ProxmoxClientConfig(base, credentials, Optional.ofNullable(pin), Optional.ofNullable(trustStore),
          insecure, maxConcurrency, connectTimeout, requestTimeout, retryPolicy, ticketRenewal, clock, sleeper,
          random != null ? random : new Random()));
    }

    /** {@code https://host:port/prefix/api2/json} from what a user writes. */
    static URI baseUri(String text) {
      String value = text.strip();
      if (!value.contains("://")) {
        value = "https://" + value;
      }
      URI uri;
      try {
        uri = new URI(value);
      } catch (URISyntaxException e) {
        throw new IllegalArgumentException("'" + text + "' is not a URL: " + e.getReason());
      }
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if (!scheme.equals("https")) {
        throw new IllegalArgumentException("'" + text + "' is not an https URL: Proxmox serves its API over HTTPS only, "
            + "e.g. https://pve1.example.org:8006");
      }
      if (uri.getHost() == null || uri.getRawUserInfo() != null || uri.getRawQuery() != null || uri.getRawFragment() != null) {
        throw new IllegalArgumentException("'" + text + "' is not a server URL: write https://HOST[:PORT], e.g. https://10.0.0.5:8006");
      }
      String path = uri.getRawPath() == null ? "" : uri.getRawPath().replaceAll("/+$", "");
      if (!path.endsWith("/api2/json")) {
        path = path + "/api2/json";
      }
      int port = uri.getPort() == -1 ? 8006 : uri.getPort();
      String host = uri.getHost().contains(":") && !uri.getHost().startsWith("[") ? "[" + uri.getHost() + "]" : uri.getHost();
      return URI.create("https://" + host + ":" + port + path);
    }

    private static boolean positive(Duration d) {
      return !d.isNegative() && !d.isZero();
    }
  }
}
