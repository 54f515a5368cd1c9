package dev.steward.store.postgres.internal;

import dev.steward.CoreSettings;
import dev.steward.Setting;
import dev.steward.Settings;
import dev.steward.StateStore;
import dev.steward.internal.store.ChangeFeed;
import dev.steward.spi.ProviderContext;
import dev.steward.spi.StateStoreProvider;
import dev.steward.store.postgres.PostgresStoreSettings;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code postgres} state store. Its connections come from {@link PostgresStoreSettings}, or from
 * a {@link DataSource} handed in with {@code ProviderContext.with(DataSource.class, ...)}. Opening
 * it creates or migrates its tables.
 */
public final class PostgresStateStoreProvider implements StateStoreProvider {
  private static final Logger LOG = LoggerFactory.getLogger(PostgresStateStoreProvider.class);

  @Override
  public String id() {
    return "postgres";
  }

  @Override
  public String description() {
    return "keeps records in PostgreSQL tables that several Steward instances can share";
  }

  @Override
  public List<Setting<?>> settings() {
    List<Setting<?>> settings = new ArrayList<>(PostgresStoreSettings.all());
    settings.addAll(List.of(CoreSettings.HISTORY_LIMIT, CoreSettings.CHANGE_LIMIT, CoreSettings.CHANGE_RETENTION));
    return settings;
  }

  @Override
  public StateStore create(ProviderContext context) {
    Settings settings = context.settings();
    ConnectionFactory factory = ConnectionFactory.of(settings, System.getenv(), context.component(DataSource.class));
    Tables tables = Tables.of(settings);
    ConnectionPool pool = new ConnectionPool(factory, settings.get(PostgresStoreSettings.MAX_CONNECTIONS));
    Transactions transactions = new Transactions(pool, factory, tables, settings.get(PostgresStoreSettings.RECONNECT_FOR));
    try {
      transactions.run("create or migrate " + tables.describe(), tx -> {
        Schema.migrate(tx.connection, tables);
        return null;
      });
    } catch (RuntimeException e) {
      pool.close();
      throw e;
    }
    LOG.info("The postgres store keeps its records in {} of {}", tables.describe(), factory.describe());
    return new PostgresStateStore(transactions, pool, tables, context.clock(), settings.get(CoreSettings.LIFECYCLES),
        settings.get(CoreSettings.HISTORY_LIMIT), ChangeFeed.of(settings));
  }
}
