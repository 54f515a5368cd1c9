package dev.steward.proxmox.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.steward.proxmox.ClientStats;
import dev.steward.proxmox.ClusterNode;
import dev.steward.proxmox.ClusterResources;
import dev.steward.proxmox.ClusterStatus;
import dev.steward.proxmox.Guest;
import dev.steward.proxmox.GuestConfig;
import dev.steward.proxmox.GuestType;
import dev.steward.proxmox.LogLine;
import dev.steward.proxmox.LogPage;
import dev.steward.proxmox.LogWindow;
import dev.steward.proxmox.NodeStatus;
import dev.steward.proxmox.ProxmoxClientConfig;
import dev.steward.proxmox.ProxmoxResponseException;
import dev.steward.proxmox.PveVersion;
import dev.steward.proxmox.StoragePool;
import dev.steward.proxmox.StorageVolume;
import dev.steward.proxmox.Task;
import dev.steward.proxmox.TaskLog;
import dev.steward.proxmox.TaskPage;
import dev.steward.proxmox.TaskQuery;
import dev.steward.proxmox.Upid;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The API methods the client offers, each one request decoded into the public records; what
 * {@link dev.steward.proxmox.ProxmoxClient} delegates to. An answer that lacks what every release
 * sends becomes a {@link ProxmoxResponseException} naming the request. Thread-safe.
 */
public final class ApiReads {
  /** Lines asked for per log request: a long backup log has hundreds of thousands. */
  static final int LOG_PAGE = 1000;

  private final ApiConnection connection;

  public ApiReads(ProxmoxClientConfig config) {
    this.connection = new ApiConnection(config);
  }

  public ProxmoxClientConfig config() {
    return connection.config();
  }

  public ClientStats stats() {
    return connection.stats();
  }

  public PveVersion version() {
    return read("/version", Map.of(), ClusterDecoding::version);
  }

  public ClusterStatus clusterStatus() {
    return read("/cluster/status", Map.of(), ClusterDecoding::clusterStatus);
  }

  public ClusterResources clusterResources() {
    return read("/cluster/resources", Map.of(), ClusterDecoding::clusterResources);
  }

  public List<ClusterNode> nodes() {
    return read("/nodes", Map.of(), ClusterDecoding::nodes);
  }

  public NodeStatus nodeStatus(String node) {
    return read(node(node) + "/status", Map.of(), data -> ClusterDecoding.nodeStatus(node, data));
  }

  /** A node's VMs ({@code full=1}, for {@code qmpstatus}) or containers. */
  public List<Guest> guests(String node, GuestType type) {
    Map<String, String> query = type == GuestType.QEMU ? Map.of("full", "1") : Map.of();
    return read(node(node) + "/" + type.apiName(), query, data -> GuestDecoding.list(type, node, data));
  }

  public Guest guestStatus(String node, GuestType type, int vmid) {
    return read(guest(node, type, vmid) + "/status/current", Map.of(), data -> GuestDecoding.listItem(type, node, data));
  }

  public GuestConfig guestConfig(String node, GuestType type, int vmid) {
    return read(guest(node, type, vmid) + "/config", Map.of(), GuestDecoding::config);
  }

  public List<StoragePool> storages(String node) {
    return read(node(node) + "/storage", Map.of(), data -> StorageDecoding.list(node, data));
  }

  public List<StorageVolume> storageContent(String node, String storage) {
    return read(node(node) + "/storage/" + ApiConnection.segment(storage) + "/content", Map.of(),
        data -> StorageDecoding.content(node, storage, data));
  }

  public TaskPage tasks(String node, TaskQuery query) {
    Map<String, String> params = new LinkedHashMap<>();
    params.put("start", Integer.toString(query.start()));
    params.put("limit", Integer.toString(query.limit()));
    params.put("source", query.source().apiName());
    query.since().ifPresent(t -> params.put("since", Long.toString(t.getEpochSecond())));
    query.until().ifPresent(t -> params.put("until", Long.toString(t.getEpochSecond())));
    query.vmid().ifPresent(v -> params.put("vmid", Integer.toString(v)));
    query.type().ifPresent(t -> params.put("typefilter", t));
    if (query.errorsOnly()) {
      params.put("errors", "1");
    }
    String path = node(node) + "/tasks";
    ApiAnswer answer = connection.get(path, params);
    return decode(path, () -> TaskDecoding.page(node, answer.data(), answer.total()));
  }

  public Task taskStatus(Upid upid) {
    return read(task(upid) + "/status", Map.of(), data -> TaskDecoding.status(upid, data));
  }

  /** One page of a task's log: {@code limit} lines from the 0-based line {@code start}. */
  public LogPage taskLogPage(Upid upid, int start, int limit) {
    if (start < 0 || limit < 1) {
      throw new IllegalArgumentException("A log page starts at line 0 or later and has 1 line or more, not start " + start
          + " and limit " + limit);
    }
    String path = task(upid) + "/log";
    ApiAnswer answer = connection.get(path, Map.of("start", Integer.toString(start), "limit", Integer.toString(limit)));
    return decode(path, () -> TaskDecoding.log(answer.data(), answer.total()));
  }

  /**
   * The lines of {@code window}, {@value #LOG_PAGE} per request. For the last lines, the first
   * page says how many the log has; when they were not on it, reading goes on from there.
   */
  public TaskLog taskLog(Upid upid, LogWindow window) {
    List<LogLine> lines = new ArrayList<>();
    LogPage first = taskLogPage(upid, 0, Math.min(LOG_PAGE, window.lines()));
    int total = first.total();
    int start;
    if (!window.fromEnd() || total <= first.lines().size()) {
      List<LogLine> head = first.lines();
      lines.addAll(window.fromEnd() ? head.subList(Math.max(0, head.size() - window.lines()), head.size()) : head);
      start = head.isEmpty() ? total : head.get(head.size() - 1).number();
    } else {
      start = Math.max(first.lines().size(), total - window.lines());
      int fromFirst = Math.max(0, total - window.lines());
      if (fromFirst < first.lines().size()) {
        lines.addAll(first.lines().subList(fromFirst, first.lines().size()));
      }
    }
    while (lines.size() < window.lines() && start < total) {
      LogPage page = taskLogPage(upid, start, Math.min(LOG_PAGE, window.lines() - lines.size()));
      if (page.lines().isEmpty()) {
        break;
      }
      lines.addAll(page.lines());
      total = Math.max(total, page.total());
      start = page.lines().get(page.lines().size() - 1).number();
    }
    return new TaskLog(upid, lines, total);
  }

  /** The {@code data} of {@code GET path?query} as JSON text, for calls this client has no method for. */
  public String json(String path, Map<String, String> query) {
    checkPath(path);
    return String.valueOf(connection.get(path, Map.copyOf(query)).data());
  }

  /** The {@code data} of {@code POST path} with {@code form} as JSON text; never retried. */
  public String post(String path, Map<String, String> form) {
    checkPath(path);
    return String.valueOf(connection.post(path, Map.copyOf(form)).data());
  }

  private static void checkPath(String path) {
    Objects.requireNonNull(path, "path");
    if (!path.startsWith("/") || path.contains("..") || path.contains("?") || path.contains("#")) {
      throw new IllegalArgumentException("'" + path + "' is not an API path: write it from below /api2/json, e.g. /cluster/tasks, "
          + "without a query (pass the query as a map)");
    }
  }

  private <T> T read(String path, Map<String, String> query, Function<JsonNode, T> decoder) {
    ApiAnswer answer = connection.get(path, query);
    return decode(path, () -> decoder.apply(answer.data()));
  }

  private <T> T decode(String path, Supplier<T> decoding) {
    try {
      return decoding.get();
    } catch (MalformedItem e) {
      throw new ProxmoxResponseException("GET " + path, "Proxmox at " + connection.config().server() + " answered GET " + path
          + " with " + e.getMessage(), e);
    }
  }

  private static String node(String node) {
    Objects.requireNonNull(node, "node");
    if (node.isEmpty()) {
      throw new IllegalArgumentException("A node name must not be empty");
    }
    return "/nodes/" + ApiConnection.segment(node);
  }

  private static String guest(String node, GuestType type, int vmid) {
    if (vmid < 1) {
      throw new IllegalArgumentException("A vmid is positive, not " + vmid);
    }
    return node(node) + "/" + type.apiName() + "/" + vmid;
  }

  private static String task(Upid upid) {
    return node(upid.node()) + "/tasks/" + ApiConnection.segment(upid.text());
  }
}
