package dev.steward.store.postgres.internal;

import dev.steward.Setting;
import dev.steward.Settings;
import dev.steward.internal.election.Candidates;
import dev.steward.leader.LeaderElection;
import dev.steward.leader.LeaderSettings;
import dev.steward.spi.LeaderElectionProvider;
import dev.steward.spi.ProviderContext;
import dev.steward.store.postgres.PostgresStoreSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;
import javax.sql.DataSource;

/**
 * The {@code postgres} election: one leader among the instances that share the postgres store's
 * database, its term checked by every fenced write of that store. Reads the store's connection
 * settings (or the {@link DataSource} handed in) and {@link LeaderSettings}; nothing is opened until
 * the first campaign.
 */
public final class PostgresLeaderElectionProvider implements LeaderElectionProvider {
  @Override
  public String id() {
    return "postgres";
  }

  @Override
  public String description() {
    return "one leader among the instances that share a PostgreSQL database, with a term every write of the postgres store checks";
  }

  @Override
  public List<Setting<?>> settings() {
    List<Setting<?>> settings = new ArrayList<>(PostgresStoreSettings.all());
    settings.addAll(List.of(LeaderSettings.NAME, LeaderSettings.CANDIDATE, LeaderSettings.LEASE));
    return settings;
  }

  @Override
  public LeaderElection create(ProviderContext context) {
    return create(context.settings(), System.getenv(), context.component(DataSource.class), System::nanoTime);
  }

  /** The election {@code settings} describe, with a monotonic {@code ticker} of its own (tests freeze it). */
  static PostgresLeaderElection create(Settings settings, Map<String, String> environment, Optional<DataSource> dataSource,
      LongSupplier ticker) {
    settings.validate(LeaderSettings.all());
    ConnectionFactory factory = ConnectionFactory.of(settings, environment, dataSource);
    return new PostgresLeaderElection(factory, Tables.of(settings), Candidates.name(settings), Candidates.candidate(settings),
        settings.get(LeaderSettings.LEASE), ticker);
  }
}
