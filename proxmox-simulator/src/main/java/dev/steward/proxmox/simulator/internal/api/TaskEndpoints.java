package dev.steward.proxmox.simulator.internal.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.steward.proxmox.simulator.Privilege;
import dev.steward.proxmox.simulator.TaskOutcome;
import dev.steward.proxmox.simulator.internal.model.Task;
import dev.steward.proxmox.simulator.internal.model.TaskLog;
import dev.steward.proxmox.simulator.internal.model.Upid;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;

/**
 * The task methods of pve-manager's {@code PVE/API2/Tasks.pm} and {@code /cluster/tasks}:
 * filters apply before paging, {@code total} counts every match (and is left out when 0), and
 * running tasks show only with {@code source=active} or {@code all}. Logs page by 0-based
 * {@code start} and answer 1-based {@code n}, as pve-common's {@code dump_logfile}. Thread-safe.
 */
final class TaskEndpoints {
  static final int DEFAULT_LIMIT = 50;
  private static final int CLUSTER_RECENT_PER_NODE = 50;

  private final ApiContext context;

  TaskEndpoints(ApiContext context) {
    this.context = context;
  }

  void register(Router router) {
    router.add("GET", "/nodes/{node}/tasks", ParamSchema.of()
        .integer("start", 0, Integer.MAX_VALUE).integer("limit", 0, Integer.MAX_VALUE)
        .oneOf("source", "archive", "active", "all").vmid("vmid").string("typefilter").string("userfilter")
        .listOf("statusfilter", "ok", "warning", "error", "unknown").bool("errors")
        .integer("since", 0, Long.MAX_VALUE / 2).integer("until", 0, Long.MAX_VALUE / 2), this::list);
    router.add("GET", "/nodes/{node}/tasks/{upid}/status", ParamSchema.of(), this::status);
    router.add("GET", "/nodes/{node}/tasks/{upid}/log", ParamSchema.of()
        .integer("start", 0, Integer.MAX_VALUE).integer("limit", 0, Integer.MAX_VALUE), this::log);
    router.add("GET", "/cluster/tasks", ParamSchema.of(), this::cluster);
  }

  private Reply list(Call call) {
    Params p = call.params();
    String source = p.string("source").orElse("archive");
    Predicate<Task> wanted = task -> visibleTo(call, task)
        && (task.running() ? !source.equals("archive") : !source.equals("active"))
        && p.string("typefilter").map(type -> task.upid().type().equals(type)).orElse(true)
        && p.string("userfilter").map(user -> contains(task.upid().user(), user)).orElse(true)
        && p.integer("vmid").map(vmid -> task.upid().id().equals(String.valueOf(vmid))).orElse(true)
        && p.integer("since").map(since -> task.starttime() >= since).orElse(true)
        && p.integer("until").map(until -> task.starttime() <= until).orElse(true)
        && (!p.flag("errors") || !task.outcome().map(o -> o.kind() == TaskOutcome.Kind.OK).orElse(false))
        && (p.list("statusfilter").isEmpty() || p.list("statusfilter").contains(statusType(task)));
    List<Task> matching = context.cluster().tasks().tasksOn(call.node()).stream().filter(wanted).toList();
    long start = p.integer("start", 0);
    long limit = p.integer("limit", DEFAULT_LIMIT);
    ArrayNode page = Json.array();
    // limit 0 reads to the end, as for logs.
    for (long i = start; i < matching.size() && (limit == 0 || i < start + limit); i++) {
      page.add(item(matching.get((int) i)));
    }
    return Reply.withTotal(page, matching.size());
  }

  private Reply status(Call call) {
    Task task = find(call);
    ObjectNode status = identity(task);
    status.put("status", task.running() ? "running" : "stopped");
    task.outcome().ifPresent(outcome -> status.put("exitstatus", outcome.exitStatus()));
    return Reply.of(status);
  }

  private Reply log(Call call) {
    TaskLog log = find(call).log();
    long start = call.params().integer("start", 0);
    long limit = call.params().integer("limit", DEFAULT_LIMIT);
    ArrayNode lines = Json.array();
    if (log.size() == 0) {
      // dump_logfile: "ExtJS store.guaranteeRange() does not like empty array".
      lines.addObject().put("n", 1).put("t", "no content");
      return Reply.withTotal(lines, 1);
    }
    for (long i = start; i < log.size() && (limit == 0 || i < start + limit); i++) {
      lines.addObject().put("n", i + 1).put("t", log.line((int) i));
    }
    return Reply.withTotal(lines, log.size());
  }

  private Reply cluster(Call call) {
    ArrayNode items = Json.array();
    for (Task task : context.cluster().tasks().recent(CLUSTER_RECENT_PER_NODE)) {
      if (visibleTo(call, task)) {
        items.add(item(task));
      }
    }
    return Reply.of(items);
  }

  private Task find(Call call) {
    String upid = call.params().string("upid").orElseThrow();
    if (Upid.parse(upid).isEmpty()) {
      throw new ApiException(500, "unable to parse worker upid '" + upid + "'");
    }
    Task task = context.cluster().tasks().find(upid)
        .filter(t -> t.upid().node().equals(call.node()))
        .orElseThrow(() -> ApiException.parameter("upid", "no such task"));
    if (!visibleTo(call, task)) {
      throw ApiException.permission("/nodes/" + call.node(), Privilege.SYS_AUDIT.apiName());
    }
    return task;
  }

  /** A task item of the lists: UPID parts, and {@code endtime}/{@code status} once it ended. */
  static ObjectNode item(Task task) {
    ObjectNode item = identity(task);
    if (task.running()) {
      item.put("status", "RUNNING");
      item.put("saved", "0");
    } else {
      item.put("endtime", task.endtime().orElseThrow());
      item.put("status", task.outcome().orElseThrow().exitStatus());
    }
    return item;
  }

  private static ObjectNode identity(Task task) {
    Upid upid = task.upid();
    ObjectNode item = Json.object();
    item.put("upid", upid.text());
    item.put("node", upid.node());
    item.put("pid", upid.pid());
    item.put("pstart", upid.pstart());
    item.put("starttime", upid.starttime());
    item.put("type", upid.type());
    item.put("id", upid.id());
    item.put("user", upid.userid());
    upid.tokenName().ifPresent(token -> item.put("tokenid", token));
    return item;
  }

  // Without Sys.Audit on the node, a caller sees only the tasks it started itself.
  private static boolean visibleTo(Call call, Task task) {
    return call.may(Privilege.SYS_AUDIT) || task.upid().userid().equals(call.principal().userid());
  }

  // pve-common's upid_normalize_status_type.
  private static String statusType(Task task) {
    if (task.running()) {
      return "running";
    }
    switch (task.outcome().get().kind()) {
      case OK:
        return "ok";
      case WARNINGS:
        return "warning";
      case UNEXPECTED:
        return "unknown";
      default:
        return "error";
    }
  }

  private static boolean contains(String text, String part) {
    return text.toLowerCase(Locale.ROOT).contains(part.toLowerCase(Locale.ROOT));
  }
}
