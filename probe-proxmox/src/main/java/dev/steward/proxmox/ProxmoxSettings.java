package dev.steward.proxmox;

import dev.steward.Setting;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The settings of the Proxmox client and the {@code proxmox} probe, with their defaults. Secrets
 * are read from a file or an environment variable and never given as a setting's text, so they
 * never stand on a command line. Constants only; thread-safe.
 */
public final class ProxmoxSettings {
  public static final Setting<String> URL = Setting.text("steward.proxmox.url",
          "the API of one node of the cluster: https://HOST[:PORT] (port 8006 unless given)")
      .require(s -> !s.isBlank(), "name a server, e.g. https://pve1.example.org:8006");

  public static final Setting<String> TOKEN_ID = Setting.text("steward.proxmox.token-id",
      "the API token to log in with, USER@REALM!TOKENNAME (give the user or token the PVEAuditor role on /); its secret is read "
          + "from steward.proxmox.token-secret-file, else from the variable steward.proxmox.token-secret-env names");

  public static final Setting<Path> TOKEN_SECRET_FILE = Setting.path("steward.proxmox.token-secret-file",
      "a file whose first line is the API token's secret (keep it 0600)");

  public static final Setting<String> TOKEN_SECRET_ENV = Setting.text("steward.proxmox.token-secret-env",
          "the environment variable that holds the API token's secret, when no secret file is set")
      .withDefault("STEWARD_PROXMOX_TOKEN_SECRET")
      .require(ProxmoxSettings::isVariableName, "be an environment variable name");

  public static final Setting<String> USER = Setting.text("steward.proxmox.user",
      "a user to log in with a password and a ticket instead of a token, USER@REALM, e.g. root@pam; its password is read from "
          + "steward.proxmox.password-file, else from the variable steward.proxmox.password-env names");

  public static final Setting<Path> PASSWORD_FILE = Setting.path("steward.proxmox.password-file",
      "a file whose first line is the user's password (keep it 0600)");

  public static final Setting<String> PASSWORD_ENV = Setting.text("steward.proxmox.password-env",
          "the environment variable that holds the user's password, when no password file is set")
      .withDefault("STEWARD_PROXMOX_PASSWORD")
      .require(ProxmoxSettings::isVariableName, "be an environment variable name");

  public static final Setting<String> FINGERPRINT = Setting.text("steward.proxmox.fingerprint",
          "the SHA-256 fingerprint of the node's certificate, trusted when the default trust store does not vouch for it: "
              + "AB:CD:... as Proxmox shows it (Node > System > Certificates, pvenode cert info), colons optional")
      .require(ProxmoxSettings::isFingerprint, "be 64 hex digits, as 32 pairs joined by ':' or without colons");

  public static final Setting<Boolean> INSECURE = Setting.flag("steward.proxmox.insecure",
          "trust any certificate and host name (anyone on the way can read the credentials); logged as a warning at every start")
      .withDefault(false);

  public static final Setting<Integer> MAX_CONCURRENCY = Setting.integer("steward.proxmox.max-concurrency",
          "requests in flight to the cluster at once (pveproxy runs 3 workers; parallel load causes 595/596 and lock timeouts)")
      .withDefault(3)
      .require(n -> n >= 1 && n <= 64, "be between 1 and 64");

  public static final Setting<Duration> CONNECT_TIMEOUT = Setting.duration("steward.proxmox.connect-timeout",
          "how long connecting may take")
      .withDefault(Duration.ofSeconds(10))
      .require(ProxmoxSettings::positive, "be positive");

  public static final Setting<Duration> REQUEST_TIMEOUT = Setting.duration("steward.proxmox.request-timeout",
          "how long one request may take (pveproxy waits up to 30 s for a node it forwards to, and holds each 401 for 3 s)")
      .withDefault(Duration.ofSeconds(40))
      .require(ProxmoxSettings::positive, "be positive");

  public static final Setting<Integer> RETRIES = Setting.integer("steward.proxmox.retries",
          "how often a GET that failed transiently (timeout, broken connection, node unreachable) is retried; an unreachable "
              + "node at most once")
      .withDefault(2)
      .require(n -> n >= 0 && n <= 10, "be between 0 and 10");

  public static final Setting<Duration> RETRY_DELAY = Setting.duration("steward.proxmox.retry-delay",
          "the wait before the first retry, doubled for each further one, half of it random")
      .withDefault(Duration.ofMillis(500))
      .require(d -> !d.isNegative(), "not be negative");

  public static final Setting<Duration> RETRY_MAX_DELAY = Setting.duration("steward.proxmox.retry-max-delay",
          "the longest wait before a retry")
      .withDefault(Duration.ofSeconds(10))
      .require(d -> !d.isNegative(), "not be negative");

  public static final Setting<Duration> TICKET_RENEWAL = Setting.duration("steward.proxmox.ticket-renewal",
          "after how long a ticket (user login) is renewed; a ticket lives 2 h")
      .withDefault(Duration.ofHours(1))
      .require(d -> d.compareTo(Duration.ofMinutes(1)) >= 0 && d.compareTo(Duration.ofMinutes(110)) <= 0,
          "be between 1m and 110m");

  public static final Setting<String> OBSERVE = Setting.text("steward.proxmox.observe",
          "what the proxmox probe reads, comma-separated: nodes, guests, configs, storage, content, tasks, logs")
      .withDefault("nodes,guests,configs,storage,content,tasks,logs")
      .require(s -> ResourceType.parseList(s).isPresent(), "list some of nodes, guests, configs, storage, content, tasks, logs");

  public static final Setting<Integer> TASK_PAGE_SIZE = Setting.integer("steward.proxmox.task-page-size",
          "tasks asked for per request of a node's task list")
      .withDefault(DiscoveryOptions.DEFAULT_TASK_PAGE_SIZE)
      .require(n -> n >= 50 && n <= 10_000, "be between 50 and 10000");

  public static final Setting<Integer> TASKS_PER_NODE = Setting.integer("steward.proxmox.tasks-per-node",
          "the most tasks read per node, newest first")
      .withDefault(DiscoveryOptions.DEFAULT_TASKS_PER_NODE)
      .require(n -> n >= 0 && n <= 1_000_000, "be between 0 and 1000000");

  public static final Setting<Duration> TASK_MAX_AGE = Setting.duration("steward.proxmox.task-max-age",
          "read only tasks started within this long; 0s for no limit")
      .withDefault(Duration.ZERO)
      .require(d -> !d.isNegative(), "not be negative");

  public static final Setting<Duration> LOG_FAILED_WITHIN = Setting.duration("steward.proxmox.log-failed-within",
          "the probe reads the logs of tasks that failed within this long; other logs only on demand")
      .withDefault(DiscoveryOptions.DEFAULT_LOG_FAILED_WITHIN)
      .require(d -> !d.isNegative(), "not be negative");

  public static final Setting<Integer> LOGS_PER_NODE = Setting.integer("steward.proxmox.logs-per-node",
          "the most failed tasks per node whose logs are read, newest first")
      .withDefault(DiscoveryOptions.DEFAULT_LOGS_PER_NODE)
      .require(n -> n >= 0 && n <= 1000, "be between 0 and 1000");

  public static final Setting<Integer> LOG_LINES = Setting.integer("steward.proxmox.log-lines",
          "the last lines read of each such log")
      .withDefault(DiscoveryOptions.DEFAULT_LOG_LINES)
      .require(n -> n >= 1 && n <= 100_000, "be between 1 and 100000");

  public static final Setting<Duration> CONFIG_MAX_AGE = Setting.duration("steward.proxmox.config-max-age",
          "how long the probe reuses a guest's config while its list entry (node, name, state, memory, CPUs, disk, tags, lock, "
              + "template) is unchanged; 0s reads every config on every pass")
      .withDefault(Duration.ofMinutes(10))
      .require(d -> !d.isNegative(), "not be negative");

  private ProxmoxSettings() {}

  /** Every key, in a stable order. */
  public static List<Setting<?>> all() {
    return List.of(URL, TOKEN_ID, TOKEN_SECRET_FILE, TOKEN_SECRET_ENV, USER, PASSWORD_FILE, PASSWORD_ENV, FINGERPRINT, INSECURE,
        MAX_CONCURRENCY, CONNECT_TIMEOUT, REQUEST_TIMEOUT, RETRIES, RETRY_DELAY, RETRY_MAX_DELAY, TICKET_RENEWAL, OBSERVE,
        TASK_PAGE_SIZE, TASKS_PER_NODE, TASK_MAX_AGE, LOG_FAILED_WITHIN, LOGS_PER_NODE, LOG_LINES, CONFIG_MAX_AGE);
  }

  private static boolean isVariableName(String name) {
    return name.matches("[A-Za-z_][A-Za-z0-9_]*");
  }

  private static boolean isFingerprint(String text) {
    try {
      Fingerprint.parse(text);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static boolean positive(Duration d) {
    return !d.isNegative() && !d.isZero();
  }
}
