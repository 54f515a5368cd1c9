package dev.steward.systemd;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steward.Command;
import dev.steward.CommandResult;
import dev.steward.ProcessManager;
import dev.steward.ProcessSpec;
import dev.steward.ProcessState;
import dev.steward.ProcessStatus;
import dev.steward.ResourceKey;
import dev.steward.Settings;
import dev.steward.Spec;
import dev.steward.testsupport.Poll;
import dev.steward.testsupport.lab.LabService;
import dev.steward.testsupport.lab.RequiresLab;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Starts on one host that run at once share their daemon-reloads, on a real host over ssh: eight
 * nodes whose unit files all change are started together, as the loop starts up to eight actions
 * at once, and a transport that counts the reloads shows they cost far fewer than eight, while
 * every node runs with what its new file says (so a reload covered every write).
 */
@RequiresLab(LabService.HOST_CONTAINER)
class ReloadSharingIT {
  private static final int NODES = 8;

  private final String instance = LabHost.uniqueInstance("reload");
  private LabHost lab;
  private final AtomicBoolean holdFirstReload = new AtomicBoolean();
  private final AtomicInteger writes = new AtomicInteger();
  private WatchedTransport transport;
  private ProcessManager manager;
  private final ExecutorService starts = Executors.newFixedThreadPool(NODES);

  @BeforeEach
  void openManager() {
    lab = LabHost.open(2);
    transport = new WatchedTransport(lab.transport, this::run);
    manager = LabHost.manager(transport, instance, Settings.builder()
        .set(SystemdSettings.HOSTS, lab.address)
        .set(SystemdSettings.START_CHECK, Duration.ofMillis(300)));
  }

  /**
   * Counts the unit files written; holds the first reload, once armed, until every start has
   * written its file (or 30 s have passed), as a reload that takes a while on a busy host would:
   * the files written while it runs are not covered by it.
   */
  private CommandResult run(String host, Command command, dev.steward.Transport real) {
    if (WatchedTransport.isSystemctl(command, "daemon-reload") && holdFirstReload.getAndSet(false)) {
      Poll.within(Duration.ofSeconds(30)).eventually(() -> writes.get() >= NODES);
    }
    CommandResult result = real.run(host, command);
    if (isUnitFileWrite(command)) {
      writes.incrementAndGet();
    }
    return result;
  }

  private static boolean isUnitFileWrite(Command command) {
    return command.argv().get(0).equals("sh") && command.argv().get(2).contains("cat > \"$2.tmp\"");
  }

  @AfterEach
  void removeUnits() {
    starts.shutdownNow();
    try {
      lab.removeUnitsOf(instance);
    } finally {
      manager.close();
      lab.close();
    }
  }

  private static Spec node(ResourceKey key, String generation) {
    return Spec.of(key).with(ProcessSpec.COMMAND, "sleep 600").with("env.GENERATION", generation);
  }

  @Test
  void eightStartsWhoseFilesChangedShareTheirReloadsAndEachRunsItsNewFile() throws Exception {
    List<ResourceKey> keys = new ArrayList<>();
    for (int i = 0; i < NODES; i++) {
      ResourceKey key = ResourceKey.of("node", "n" + i, lab.address);
      keys.add(key);
      manager.start(node(key, "1"));
      manager.stop(key, Duration.ofSeconds(5));
    }
    writes.set(0);
    holdFirstReload.set(true);
    long reloadsBefore = transport.count(c -> WatchedTransport.isSystemctl(c, "daemon-reload"));

    List<Callable<ProcessStatus>> each = new ArrayList<>();
    for (ResourceKey key : keys) {
      each.add(() -> manager.start(node(key, "2")));
    }
    List<ProcessStatus> started = new ArrayList<>();
    for (Future<ProcessStatus> future : starts.invokeAll(each)) {
      started.add(future.get());
    }

    long reloads = transport.count(c -> WatchedTransport.isSystemctl(c, "daemon-reload")) - reloadsBefore;
    assertThat(writes).as("unit files written").hasValue(NODES);
    assertThat(reloads).as("daemon-reloads for %d starts", NODES).isBetween(1L, 3L);
    for (ProcessStatus status : started) {
      assertThat(status.state()).isEqualTo(ProcessState.RUNNING);
      String unit = status.attributes().get("unit");
      assertThat(lab.property(unit, "NeedDaemonReload")).as(unit).isEqualTo("no");
      assertThat(lab.run("cat", "/proc/" + status.pid().orElseThrow() + "/environ").split("\0"))
          .as("%s runs what its new file says", unit).contains("GENERATION=2");
    }
  }
}
