package dev.steward.proxmox.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.steward.proxmox.LogLine;
import dev.steward.proxmox.LogPage;
import dev.steward.proxmox.Task;
import dev.steward.proxmox.TaskPage;
import dev.steward.proxmox.TaskState;
import dev.steward.proxmox.Upid;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads tasks: a page of {@code /nodes/{n}/tasks} (list {@code status} is {@code RUNNING} for a
 * running task, else the exit status; {@code total} absent means 0), a task's {@code status}
 * ({@code running}/{@code stopped} plus {@code exitstatus}), and a page of its log ({@code n}
 * counts from 1; a log without lines is answered as one line {@code no content}). Stateless.
 */
final class TaskDecoding {
  private static final Logger LOG = LoggerFactory.getLogger(TaskDecoding.class);
  /** pve-common's {@code dump_logfile}: ExtJS does not like an empty array, so an empty log gets this one line. */
  static final String NO_CONTENT = "no content";

  private TaskDecoding() {}

  /** A page of a node's tasks; an item whose UPID is not one is skipped (and logged), not the whole page. */
  static TaskPage page(String node, JsonNode data, OptionalLong total) {
    List<Task> tasks = new ArrayList<>();
    int skipped = 0;
    for (JsonNode item : Lenient.items(data)) {
      Optional<Upid> upid = Lenient.text(item, "upid").flatMap(Upid::tryParse);
      if (upid.isEmpty()) {
        skipped++;
        continue;
      }
      Optional<String> status = Lenient.text(item, "status").filter(s -> !s.isEmpty());
      Optional<Instant> end = Lenient.instant(item, "endtime");
      TaskState state = status.map(TaskState::ofStatus).orElse(end.isPresent() ? TaskState.UNKNOWN : TaskState.RUNNING);
      tasks.add(new Task(upid.get(), state, state == TaskState.RUNNING ? Optional.empty() : status, end));
    }
    if (skipped > 0) {
      LOG.warn("Skipped {} task(s) of node {} whose UPID is not in pve-common's format", skipped, node);
    }
    return new TaskPage(tasks, (int) Math.min(Integer.MAX_VALUE, Math.max(total.orElse(0), 0)));
  }

  /** {@code GET /nodes/{n}/tasks/{upid}/status}. */
  static Task status(Upid upid, JsonNode data) {
    ClusterDecoding.requireObject(data, "the status of task " + upid);
    String status = Lenient.textOrEmpty(data, "status");
    if (status.equals("running")) {
      return new Task(upid, TaskState.RUNNING, Optional.empty(), Optional.empty());
    }
    String exit = Lenient.text(data, "exitstatus").filter(s -> !s.isEmpty()).orElse("unexpected status");
    return new Task(upid, TaskState.ofStatus(exit), Optional.of(exit), Optional.empty());
  }

  /** A page of a task log. */
  static LogPage log(JsonNode data, OptionalLong total) {
    List<LogLine> lines = new ArrayList<>();
    for (JsonNode item : Lenient.items(data)) {
      lines.add(new LogLine((int) Lenient.integerOr(item, "n", lines.size() + 1), Lenient.textOrEmpty(item, "t")));
    }
    int count = (int) Math.min(Integer.MAX_VALUE, Math.max(total.orElse(lines.size()), 0));
    if (count == 1 && lines.size() == 1 && lines.get(0).number() == 1 && lines.get(0).text().equals(NO_CONTENT)) {
      return new LogPage(List.of(), 0);
    }
    return new LogPage(lines, count);
  }
}
