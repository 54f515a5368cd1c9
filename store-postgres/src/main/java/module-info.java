/**
 * The {@code postgres} StateStore: records, their history and change feed in PostgreSQL tables
 * that several Steward instances share, over plain JDBC with optimistic concurrency; and the
 * {@code postgres} leader election, whose term the store checks in every fenced write.
 */
module dev.steward.store.postgres {
  // Transitive: the settings and exceptions this module exports are made of core's types.
  requires transitive dev.steward.core;
  requires java.sql;
  requires org.postgresql.jdbc;
  requires com.fasterxml.jackson.databind;
  requires org.slf4j;

  exports dev.steward.store.postgres;

  provides dev.steward.spi.StateStoreProvider with dev.steward.store.postgres.internal.PostgresStateStoreProvider;
  provides dev.steward.spi.LeaderElectionProvider with dev.steward.store.postgres.internal.PostgresLeaderElectionProvider;
}
