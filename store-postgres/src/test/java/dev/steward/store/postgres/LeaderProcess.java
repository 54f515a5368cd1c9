package dev.steward.store.postgres;

import dev.steward.ResourceKey;
import dev.steward.leader.Fencing;
import dev.steward.StateStore;
import dev.steward.leader.Fence;
import dev.steward.leader.LeaderElection;
import dev.steward.leader.LeaderKeeper;
import dev.steward.leader.NotLeaderException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A candidate of {@link PostgresLeaderProcessIT} in a JVM of its own: campaigns with a {@link
 * LeaderKeeper}, prints {@code ELECTED <term>} when it leads, and while it leads writes a heartbeat
 * to {@link #KEY} through its fenced store, until it is killed.
 */
final class LeaderProcess {
  static final ResourceKey KEY = ResourceKey.local("node", "beat");

  private LeaderProcess() {}

  /** {@code URL USER PASSWORD_FILE PREFIX CANDIDATE LEASE_MS}. */
  public static void main(String[] args) throws InterruptedException {
    LabPostgres.LabSettings lab = new LabPostgres.LabSettings(args[0], args[1], Path.of(args[2]), args[3]);
    try (StateStore store = LabPostgres.open(lab.builder());
        LeaderElection election = LabPostgres.elect(lab.builder(), "fleet", args[4], Duration.ofMillis(Long.parseLong(args[5])));
        LeaderKeeper keeper = LeaderKeeper.start(election, new LeaderKeeper.Listener() {
          @Override
          public void elected(Fence fence) {
            System.out.println("ELECTED " + fence.term());
            System.out.flush();
          }
        })) {
      StateStore fenced = Fencing.fence(store, election);
      for (long beat = 1; ; beat++) {
        try {
          fenced.updateAttributes(KEY, Map.of("beat", Long.toString(beat)));
        } catch (NotLeaderException e) {
          // Not leading (yet): only the leader writes.
        }
        TimeUnit.MILLISECONDS.sleep(50);
      }
    }
  }
}
