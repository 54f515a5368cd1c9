package dev.steward.proxmox.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.steward.testsupport.MutableClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Task lists and logs as pve-manager's Tasks.pm and pve-common's dump_logfile answer them. */
class TasksTest {
  private static final int TASKS = 200;
  private static final int RUNNING = 2;
  private static final int LOG_LINES = 5;
  private static final Pattern UPID = Pattern.compile(
      "^UPID:([a-zA-Z0-9]([a-zA-Z0-9\\-]*[a-zA-Z0-9])?):([0-9A-F]{8}):([0-9A-F]{8,9}):([0-9A-F]{8}):([^:\\s/]+):([^:\\s/]*):([^:\\s/]+):$");

  private final MutableClock clock = MutableClock.startingAtEpochOf2026();
  private final ProxmoxSimulator pve = ProxmoxSimulator.builder().nodes(2).guests(10).seed(5).clock(clock)
      .tasksPerNode(TASKS).runningTasksPerNode(RUNNING).logLines(LOG_LINES).authDelay(Duration.ZERO)
      .token("steward@pve!probe", "secret").start();
  private final Api api = new Api(pve);

  @AfterEach
  void stop() {
    pve.close();
  }

  @Test
  void listsArchivedTasksNewestFirstWithRealUpidsAndTheTotalOfAllMatches() {
    Api.Answer answer = api.get("/nodes/pve1/tasks");

    assertThat(answer.json().get("total").asInt()).isEqualTo(TASKS - RUNNING);
    List<JsonNode> tasks = list(answer.data());
    assertThat(tasks).hasSize(50);
    long previous = Long.MAX_VALUE;
    for (JsonNode task : tasks) {
      String upid = task.get("upid").asText();
      assertThat(upid).matches(UPID);
      String[] parts = upid.split(":", -1);
      assertThat(parts).hasSize(9);
      assertThat(Long.parseLong(parts[2], 16)).isEqualTo(task.get("pid").asLong());
      assertThat(Long.parseLong(parts[3], 16)).isEqualTo(task.get("pstart").asLong());
      assertThat(Long.parseLong(parts[4], 16)).isEqualTo(task.get("starttime").asLong());
      assertThat(task.get("node").asText()).isEqualTo("pve1");
      assertThat(task.get("id").isTextual()).isTrue();
      assertThat(task.get("status").asText()).isNotEqualTo("RUNNING");
      assertThat(task.get("endtime").asLong()).isGreaterThanOrEqualTo(task.get("starttime").asLong());
      assertThat(task.get("starttime").asLong()).isLessThanOrEqualTo(previous);
      previous = task.get("starttime").asLong();
    }
  }

  @Test
  void showsRunningTasksOnlyWithSourceActiveOrAll() {
    List<JsonNode> active = list(api.get("/nodes/pve1/tasks?source=active").data());
    assertThat(active).hasSize(RUNNING).allSatisfy(task -> {
      assertThat(task.get("status").asText()).isEqualTo("RUNNING");
      assertThat(task.get("saved").asText()).isEqualTo("0");
      assertThat(task.has("endtime")).isFalse();
    });
    Api.Answer all = api.get("/nodes/pve1/tasks?source=all&limit=0");
    assertThat(all.json().get("total").asInt()).isEqualTo(TASKS);
    assertThat(list(all.data())).hasSize(TASKS);
    assertThat(list(api.get("/nodes/pve1/tasks?limit=0").data()))
        .noneMatch(task -> task.get("status").asText().equals("RUNNING"));
  }

  @Test
  void pagesToTheLastItemsAndPastTheEndToAnEmptyListWithTheTotal() {
    int archived = TASKS - RUNNING;

    Api.Answer last = api.get("/nodes/pve1/tasks?start=" + (archived - 3) + "&limit=50");
    assertThat(list(last.data())).hasSize(3);
    assertThat(last.json().get("total").asInt()).isEqualTo(archived);
    Api.Answer past = api.get("/nodes/pve1/tasks?start=" + (archived + 10));
    assertThat(list(past.data())).isEmpty();
    assertThat(past.json().get("total").asInt()).isEqualTo(archived);
    List<JsonNode> whole = list(api.get("/nodes/pve1/tasks?limit=0").data());
    List<JsonNode> paged = new ArrayList<>();
    for (int start = 0; start < archived; start += 37) {
      paged.addAll(list(api.get("/nodes/pve1/tasks?limit=37&start=" + start).data()));
    }
    assertThat(paged).isEqualTo(whole);
  }

  @Test
  void leavesOutTheTotalWhenNothingMatches() {
    Api.Answer none = api.get("/nodes/pve1/tasks?typefilter=nosuchtype");

    assertThat(none.body()).isEqualTo("{\"data\":[]}");
  }

  @Test
  void filtersBeforePaging() {
    List<JsonNode> whole = list(api.get("/nodes/pve1/tasks?limit=0").data());
    long backups = whole.stream().filter(t -> t.get("type").asText().equals("vzdump")).count();
    assertThat(backups).isGreaterThan(5);

    Api.Answer page = api.get("/nodes/pve1/tasks?typefilter=vzdump&limit=5&start=2");

    assertThat(page.json().get("total").asLong()).isEqualTo(backups);
    List<JsonNode> tasks = list(page.data());
    assertThat(tasks).hasSize(5).allSatisfy(task -> assertThat(task.get("type").asText()).isEqualTo("vzdump"));
    List<JsonNode> expected = whole.stream().filter(t -> t.get("type").asText().equals("vzdump")).skip(2).limit(5).toList();
    assertThat(tasks).isEqualTo(expected);
  }

  @Test
  void filtersByUserStatusErrorsVmidAndTime() {
    List<JsonNode> whole = list(api.get("/nodes/pve1/tasks?limit=0").data());

    List<JsonNode> backup = list(api.get("/nodes/pve1/tasks?limit=0&userfilter=BACKUP").data());
    assertThat(backup).isNotEmpty().allSatisfy(task -> {
      assertThat(task.get("user").asText()).isEqualTo("backup@pve");
      assertThat(task.get("tokenid").asText()).isEqualTo("nightly");
    });
    assertThat(list(api.get("/nodes/pve1/tasks?limit=0&statusfilter=warning").data()))
        .isNotEmpty().allSatisfy(task -> assertThat(task.get("status").asText()).matches("WARNINGS: \\d+"));
    assertThat(list(api.get("/nodes/pve1/tasks?limit=0&errors=1").data()))
        .isNotEmpty().noneMatch(task -> task.get("status").asText().equals("OK"));
    assertThat(list(api.get("/nodes/pve1/tasks?limit=0&statusfilter=ok,error").data()))
        .allSatisfy(task -> assertThat(task.get("status").asText()).doesNotStartWith("WARNINGS"));
    String vmid = whole.stream().map(t -> t.get("id").asText()).filter(id -> id.matches("\\d+")).findFirst().orElseThrow();
    assertThat(list(api.get("/nodes/pve1/tasks?limit=0&vmid=" + vmid).data()))
        .isNotEmpty().allSatisfy(task -> assertThat(task.get("id").asText()).isEqualTo(vmid));
    long since = whole.get(20).get("starttime").asLong();
    long until = whole.get(10).get("starttime").asLong();
    assertThat(list(api.get("/nodes/pve1/tasks?limit=0&since=" + since + "&until=" + until).data()))
        .isEqualTo(whole.subList(10, 21));
  }

  @Test
  void pagesALogByZeroBasedStartWithOneBasedLineNumbersToTheFinalLine() {
    JsonNode task = list(api.get("/nodes/pve1/tasks?statusfilter=ok&limit=1").data()).get(0);
    String log = "/nodes/pve1/tasks/" + task.get("upid").asText() + "/log";

    Api.Answer first = api.get(log + "?limit=2");
    assertThat(first.json().get("total").asInt()).isEqualTo(LOG_LINES);
    assertThat(first.data().findValuesAsText("n")).containsExactly("1", "2");
    int next = first.data().get(1).get("n").asInt();
    assertThat(api.get(log + "?limit=2&start=" + next).data().findValuesAsText("n")).containsExactly("3", "4");
    JsonNode last = api.get(log + "?limit=2&start=4").data();
    assertThat(last).hasSize(1);
    assertThat(last.get(0).get("n").asInt()).isEqualTo(5);
    assertThat(last.get(0).get("t").asText()).isEqualTo("TASK OK");
    Api.Answer past = api.get(log + "?start=5");
    assertThat(past.body()).isEqualTo("{\"data\":[],\"total\":" + LOG_LINES + "}");
  }

  @Test
  void endsEveryFinishedLogWithTheLineItsStatusComesFrom() {
    for (JsonNode task : list(api.get("/nodes/pve2/tasks?limit=0").data())) {
      String upid = task.get("upid").asText();
      JsonNode status = api.get("/nodes/pve2/tasks/" + upid + "/status").data();
      assertThat(status.get("status").asText()).isEqualTo("stopped");
      String exit = status.get("exitstatus").asText();
      assertThat(exit).isEqualTo(task.get("status").asText());
      List<JsonNode> lines = list(api.get("/nodes/pve2/tasks/" + upid + "/log?limit=0").data());
      String lastLine = lines.get(lines.size() - 1).get("t").asText();
      if (exit.equals("OK") || exit.matches("WARNINGS: \\d+")) {
        assertThat(lastLine).isEqualTo("TASK " + exit);
      } else if (exit.equals("unexpected status")) {
        assertThat(lastLine).doesNotStartWith("TASK ");
      } else {
        assertThat(lastLine).isEqualTo("TASK ERROR: " + exit);
      }
    }
  }

  @Test
  void startsATaskWithAnEmptyLogAndFinishesIt() {
    String upid = pve.startTask("pve2", "qmstart", "105", "steward@pve!probe");
    assertThat(upid).matches(UPID).contains(":qmstart:105:steward@pve!probe:");

    Api.Answer log = api.get("/nodes/pve2/tasks/" + upid + "/log");
    assertThat(log.body()).isEqualTo("{\"data\":[{\"n\":1,\"t\":\"no content\"}],\"total\":1}");
    JsonNode running = api.get("/nodes/pve2/tasks/" + upid + "/status").data();
    assertThat(running.get("status").asText()).isEqualTo("running");
    assertThat(running.has("exitstatus")).isFalse();
    assertThat(running.get("user").asText()).isEqualTo("steward@pve");
    assertThat(running.get("tokenid").asText()).isEqualTo("probe");
    assertThat(list(api.get("/nodes/pve2/tasks?source=active").data()).stream().map(t -> t.get("upid").asText()))
        .contains(upid);

    clock.advance(Duration.ofSeconds(30));
    pve.finishTask(upid, TaskOutcome.warnings(2));

    JsonNode stopped = api.get("/nodes/pve2/tasks/" + upid + "/status").data();
    assertThat(stopped.get("status").asText()).isEqualTo("stopped");
    assertThat(stopped.get("exitstatus").asText()).isEqualTo("WARNINGS: 2");
    assertThat(api.get("/nodes/pve2/tasks/" + upid + "/log").data().get(0).get("t").asText()).isEqualTo("TASK WARNINGS: 2");
    JsonNode listed = list(api.get("/nodes/pve2/tasks?limit=1").data()).get(0);
    assertThat(listed.get("upid").asText()).isEqualTo(upid);
    assertThat(listed.get("endtime").asLong() - listed.get("starttime").asLong()).isEqualTo(30);
  }

  @Test
  void answersAnUnknownTaskWith400AndAMalformedOneWith500() {
    String upid = list(api.get("/nodes/pve1/tasks?limit=1").data()).get(0).get("upid").asText();

    Api.Answer elsewhere = api.get("/nodes/pve2/tasks/" + upid + "/status");
    assertThat(elsewhere.status()).isEqualTo(400);
    assertThat(elsewhere.json().get("errors").get("upid").asText()).isEqualTo("no such task");
    Api.Answer gone = api.get("/nodes/pve1/tasks/" + upid.replaceFirst(":[0-9A-F]{8}:", ":00000001:")
        + "/status");
    assertThat(gone.status()).isEqualTo(400);
    assertThat(api.get("/nodes/pve1/tasks/UPID:pve1:nonsense/status").status()).isEqualTo(500);
  }

  @Test
  void listsRecentTasksOfEveryNodeInTheClusterLog() {
    List<JsonNode> recent = list(api.get("/cluster/tasks").data());

    assertThat(recent.stream().map(t -> t.get("node").asText()).distinct()).containsExactlyInAnyOrder("pve1", "pve2");
    assertThat(recent.stream().filter(t -> t.get("status").asText().equals("RUNNING"))).hasSize(2 * RUNNING);
    assertThat(api.get("/cluster/tasks?limit=5").status()).as("it takes no parameters").isEqualTo(400);
  }

  private static List<JsonNode> list(JsonNode array) {
    return StreamSupport.stream(array.spliterator(), false).toList();
  }
}
