package dev.steward.examples.cli;

import dev.steward.CoreSettings;
import dev.steward.Settings;
import dev.steward.discovery.ExtensionPoint;
import dev.steward.discovery.ProviderRegistry;
import dev.steward.leader.Fence;
import dev.steward.leader.LeaderElection;
import dev.steward.leader.LeaderKeeper;
import dev.steward.leader.LeaderView;
import dev.steward.leader.Lease;
import dev.steward.status.StatusItem;
import dev.steward.status.StatusPublisher;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The runner's seat in the election of the instances that share its store: which election (the
 * one {@code steward.leader-election} names, else {@code postgres} beside the postgres store and
 * {@code file} otherwise), the keeper that campaigns, a line on each change of leadership, and the
 * status item {@code leader} that says who leads and since when. Closing it resigns, so another
 * instance takes over at once.
 */
final class Leadership implements AutoCloseable {
  /** The id of the status item that says who leads. */
  static final String ITEM = "leader";

  private final LeaderElection election;
  private LeaderKeeper keeper;

  private Leadership(LeaderElection election) {
    this.election = election;
  }

  static Leadership open(ProviderRegistry registry, Settings settings) {
    return new Leadership(registry.create(ExtensionPoint.LEADER_ELECTION, electionSettings(settings)));
  }

  /** {@code settings} with the election named: the one set, else the store's own when it has one. */
  static Settings electionSettings(Settings settings) {
    if (settings.isSet(CoreSettings.LEADER_ELECTION)) {
      return settings;
    }
    String election = settings.get(CoreSettings.STATE_STORE).equals("postgres") ? "postgres" : "file";
    return settings.toBuilder().set(CoreSettings.LEADER_ELECTION, election).build();
  }

  LeaderElection election() {
    return election;
  }

  /** Campaigns from now on: prints each change, keeps {@code status}'s leader item, and runs {@code onElected} when elected. */
  synchronized void start(StatusPublisher status, PrintWriter out, Runnable onElected) {
    if (keeper != null) {
      return;
    }
    keeper = LeaderKeeper.start(election, new LeaderKeeper.Listener() {
      @Override
      public void elected(Fence fence) {
        say(out, "Leading '" + election.name() + "' as " + election.candidate() + " with term " + fence.term() + ".");
        onElected.run();
      }

      @Override
      public void deposed(String why) {
        say(out, "No longer leading '" + election.name() + "': " + why + ". Observing only.");
      }

      @Override
      public void campaigned(LeaderView view) {
        status.put(item(election, view.lease(), Optional.empty()));
      }

      @Override
      public void failed(String why) {
        status.put(item(election, election.lastSeen(), Optional.of(why)));
      }
    });
  }

  private static void say(PrintWriter out, String line) {
    synchronized (out) {
      out.println(Instant.now() + " " + line);
      out.flush();
    }
  }

  /** The status item that says whether this instance leads, who does, and since when. */
  static StatusItem item(LeaderElection election, Optional<Lease> lease, Optional<String> error) {
    Map<String, String> attributes = new TreeMap<>();
    attributes.put("election", election.name());
    attributes.put("candidate", election.candidate());
    Instant since = lease.map(Lease::since).orElse(Instant.now());
    lease.ifPresent(l -> {
      attributes.put("holder", l.holder());
      attributes.put("term", Long.toString(l.term()));
      attributes.put("since", l.since().toString());
    });
    if (error.isPresent()) {
      return StatusItem.of(ITEM, "leader", "unknown", "the election could not be reached: " + error.get(), attributes, since);
    }
    if (election.leading()) {
      return StatusItem.of(ITEM, "leader", "leading", "", attributes, since);
    }
    String reason = lease.map(l -> l.holder() + " leads with term " + l.term() + " since " + l.since())
        .orElse("nobody leads: the lease is free");
    return StatusItem.of(ITEM, "leader", "following", reason, attributes, since);
  }

  @Override
  public synchronized void close() {
    if (keeper != null) {
      keeper.close();
    }
    election.close();
  }
}
