package dev.steward.internal.election;

import dev.steward.Setting;
import dev.steward.Settings;
import dev.steward.leader.LeaderElection;
import dev.steward.leader.LeaderSettings;
import dev.steward.spi.LeaderElectionProvider;
import dev.steward.spi.ProviderContext;
import dev.steward.store.FileStoreSettings;
import java.nio.file.Path;
import java.util.List;

/** The {@code file} election: the instances of one machine, through an OS lock in a shared folder. */
public final class FileLeaderElectionProvider implements LeaderElectionProvider {
  @Override
  public String id() {
    return "file";
  }

  @Override
  public String description() {
    return "one leader among the instances of one machine, by an OS lock in a shared folder";
  }

  @Override
  public List<Setting<?>> settings() {
    return LeaderSettings.all();
  }

  @Override
  public LeaderElection create(ProviderContext context) {
    Settings settings = context.settings();
    Path directory = settings.find(LeaderSettings.DIRECTORY).orElseGet(() -> settings.get(FileStoreSettings.DIRECTORY));
    return new FileLeaderElection(directory.toAbsolutePath().normalize(), Candidates.name(settings),
        Candidates.candidate(settings), settings.get(LeaderSettings.LEASE), context.clock());
  }
}
