package dev.steward.proxmox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steward.proxmox.simulator.ProxmoxSimulator;
import dev.steward.proxmox.simulator.TaskOutcome;
import dev.steward.testsupport.MutableClock;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Task lists and task logs page by {@code start}/{@code limit}/{@code total}, including at their edges. */
class PagingIT {
  private final MutableClock clock = MutableClock.startingAtEpochOf2026();
  private final Pve.RecordingSleeper sleeper = new Pve.RecordingSleeper(clock);

  @Test
  @DisplayName("a node's tasks are read a page at a time, the last page short, each task once")
  void tasksArePaged() {
    try (ProxmoxSimulator pve = Pve.simulator(clock).nodes(2).tasksPerNode(2500).runningTasksPerNode(2).start()) {
      ProxmoxDiscovery discovery = new ProxmoxDiscovery(Pve.client(pve, clock, sleeper).build());

      DiscoveryResult result = discovery.discover(DiscoveryOptions.defaults().withTypes(Set.of(ResourceType.TASKS))
          .withTasks(1000, 10_000, Duration.ZERO));

      assertThat(result.tasksOf("pve1")).hasSize(2500);
      assertThat(result.tasksOf("pve2")).hasSize(2500);
      Set<String> upids = new HashSet<>();
      result.tasks().forEach(t -> upids.add(t.upid().text()));
      assertThat(upids).hasSize(5000);
      assertThat(result.tasks()).filteredOn(t -> t.state() == TaskState.RUNNING).hasSize(4);
      // 4 cluster views, then 3 pages (1000, 1000, 500) per node.
      assertThat(result.requests().requests()).isEqualTo(4 + 2 * 3);
      assertThat(result.coverage(ResourceType.TASKS).complete()).isTrue();
    }
  }

  @Test
  @DisplayName("a task list stops at the most tasks asked for, newest first")
  void tasksStopAtTheLimit() {
    try (ProxmoxSimulator pve = Pve.simulator(clock).nodes(1).standalone().tasksPerNode(300).start()) {
      ProxmoxClient client = Pve.client(pve, clock, sleeper).build();
      TaskPage all = client.tasks("pve1", TaskQuery.first(300));

      DiscoveryResult result = new ProxmoxDiscovery(client).discover(DiscoveryOptions.defaults()
          .withTypes(Set.of(ResourceType.TASKS)).withTasks(100, 250, Duration.ZERO));

      assertThat(all.total()).isEqualTo(300);
      assertThat(result.tasks()).hasSize(250).containsExactlyElementsOf(all.tasks().subList(0, 250));
    }
  }

  @Test
  @DisplayName("a query that matches nothing has total 0, though PVE leaves 'total' out")
  void totalIsZeroWhenLeftOut() {
    try (ProxmoxSimulator pve = Pve.simulator(clock).start()) {
      ProxmoxClient client = Pve.client(pve, clock, sleeper).build();

      TaskPage none = client.tasks("pve1", TaskQuery.first(50).ofType("no-such-type"));

      assertThat(none.tasks()).isEmpty();
      assertThat(none.total()).isZero();
      assertThat(client.getJson("/nodes/pve1/tasks", Map.of("typefilter", "no-such-type"))).isEqualTo("[]");
    }
  }

  @Test
  @DisplayName("an empty log ('no content') is read as no lines")
  void anEmptyLogHasNoLines() {
    try (ProxmoxSimulator pve = Pve.simulator(clock).start()) {
      ProxmoxClient client = Pve.client(pve, clock, sleeper).build();
      Upid upid = Upid.parse(pve.startTask("pve1", "vzdump", "", "root@pam"));

      TaskLog log = client.taskLog(upid, LogWindow.all());

      assertThat(log.lines()).isEmpty();
      assertThat(log.totalLines()).isZero();
      assertThat(log.isComplete()).isTrue();
      assertThat(client.taskStatus(upid).state()).isEqualTo(TaskState.RUNNING);
    }
  }

  @Test
  @DisplayName("a log's last page is short and past the end is empty; the tail is read from where it starts")
  void logPagesEndCleanly() {
    try (ProxmoxSimulator pve = Pve.simulator(clock).logLines(12).start()) {
      ProxmoxClient client = Pve.client(pve, clock, sleeper).build();
      Upid upid = Upid.parse(pve.startTask("pve1", "qmstart", "100", "root@pam"));
      pve.finishTask(upid.text(), TaskOutcome.warnings(2));
      int lines = client.taskLog(upid, LogWindow.all()).totalLines();

      LogPage last = client.taskLogPage(upid, lines - 1, 50);
      LogPage past = client.taskLogPage(upid, lines, 50);
      TaskLog tail = client.taskLog(upid, LogWindow.tail(1));
      Task status = client.taskStatus(upid);

      assertThat(last.lines()).singleElement().satisfies(l -> {
        assertThat(l.number()).isEqualTo(lines);
        assertThat(l.text()).isEqualTo("TASK WARNINGS: 2");
      });
      assertThat(past.lines()).isEmpty();
      assertThat(past.total()).isEqualTo(lines);
      assertThat(tail.lines()).extracting(LogLine::text).containsExactly("TASK WARNINGS: 2");
      assertThat(status.state()).isEqualTo(TaskState.WARNINGS);
      assertThat(status.exitStatus()).hasValue("WARNINGS: 2");
    }
  }

  @Test
  @DisplayName("a long log is read 1000 lines a request; its tail costs a request for the total and one for the lines")
  void longLogsArePaged() {
    try (ProxmoxSimulator pve = Pve.simulator(clock).nodes(1).standalone().tasksPerNode(1).runningTasksPerNode(0).logLines(2500)
        .start()) {
      ProxmoxClient client = Pve.client(pve, clock, sleeper).build();
      Upid upid = client.tasks("pve1", TaskQuery.first(1)).tasks().get(0).upid();
      long before = client.stats().requests();

      TaskLog all = client.taskLog(upid, LogWindow.all());
      long afterAll = client.stats().requests();
      TaskLog tail = client.taskLog(upid, LogWindow.tail(10));
      long afterTail = client.stats().requests();
      TaskLog head = client.taskLog(upid, LogWindow.head(1500));

      assertThat(afterAll - before).isEqualTo(3);
      assertThat(all.lines()).hasSize(2500);
      assertThat(all.isComplete()).isTrue();
      assertThat(all.lines()).extracting(LogLine::number).isEqualTo(range(1, 2500));
      assertThat(afterTail - afterAll).isEqualTo(2);
      assertThat(tail.lines()).extracting(LogLine::number).isEqualTo(range(2491, 2500));
      assertThat(tail.lines().get(9).text()).startsWith("TASK ");
      assertThat(head.lines()).extracting(LogLine::number).isEqualTo(range(1, 1500));
      assertThat(head.isComplete()).isFalse();
    }
  }

  private static List<Integer> range(int from, int to) {
    return IntStream.rangeClosed(from, to).boxed().toList();
  }
}
