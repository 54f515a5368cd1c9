package dev.steward.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steward.StateStore;
import dev.steward.leader.Fencing;
import dev.steward.leader.Fence;
import dev.steward.leader.LeaderElection;
import dev.steward.leader.LeaderKeeper;
import dev.steward.leader.Lease;
import dev.steward.testsupport.Poll;
import dev.steward.testsupport.lab.LabService;
import dev.steward.testsupport.lab.RequiresLab;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** A leader in another JVM killed with SIGKILL: it cannot resign, and a candidate here takes over once its lease runs out. */
@RequiresLab(LabService.POSTGRES)
class PostgresLeaderProcessIT {
  private static final Duration LEASE = Duration.ofSeconds(2);
  private static final Pattern ELECTED = Pattern.compile("ELECTED (\\d+)");

  @RegisterExtension
  final LabPostgres lab = new LabPostgres();
  private final String prefix = lab.prefix();

  @TempDir
  Path temp;

  @Test
  @DisplayName("when the leading process is killed, a candidate of another process leads within a lease and a renewal period, with the next term")
  void takesOverFromAKilledProcess() throws Exception {
    try (StateStore store = LabPostgres.open(lab.settings(prefix))) {
      store.create(LeaderProcess.KEY, "node", Optional.empty(), "heartbeats of the leader");
      Path out = temp.resolve("leader.out");
      String java = ProcessHandle.current().info().command().orElseThrow();
      Process leader = new ProcessBuilder(java, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
          LeaderProcess.class.getName(), lab.url(), lab.user(), lab.passwordFile().toString(), prefix, "other-jvm",
          Long.toString(LEASE.toMillis()))
          .redirectErrorStream(true).redirectOutput(out.toFile()).start();
      try {
        long term = Long.parseLong(Poll.within(Duration.ofSeconds(60)).awaitValue("the other JVM to lead", () -> elected(out)));
        Poll.until("the leader's heartbeats", () -> store.get(LeaderProcess.KEY).attributes().containsKey("beat"));

        try (LeaderElection here = LabPostgres.elect(lab.settings(prefix), "fleet", "here", LEASE);
            LeaderKeeper keeper = LeaderKeeper.start(here, new LeaderKeeper.Listener() {})) {
          Poll.until("this candidate to see the other JVM lead", () -> here.lastSeen().map(Lease::holder).equals(Optional.of("other-jvm")));
          assertThat(here.leading()).isFalse();

          leader.destroyForcibly();
          assertThat(leader.waitFor(30, TimeUnit.SECONDS)).isTrue();

          // The lease, one renewal period of this candidate, and slack for a busy machine.
          Poll.within(LEASE.plus(LEASE.dividedBy(3)).plusSeconds(5)).await("this candidate to take over", here::leading);
          assertThat(here.fence()).contains(new Fence("fleet", "here", term + 1));
          String lastBeat = store.get(LeaderProcess.KEY).attributes().get("beat");
          Fencing.fence(store, here).updateAttributes(LeaderProcess.KEY, Map.of("taken-over", "yes"));
          assertThat(store.get(LeaderProcess.KEY).attributes()).containsEntry("beat", lastBeat).containsEntry("taken-over", "yes");
        }
      } finally {
        leader.destroyForcibly();
      }
    }
  }

  private static Optional<String> elected(Path out) {
    try {
      Matcher m = ELECTED.matcher(Files.exists(out) ? Files.readString(out, StandardCharsets.UTF_8) : "");
      return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    }
  }
}
