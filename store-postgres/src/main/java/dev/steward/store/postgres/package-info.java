/**
 * The {@code postgres} state store, for embedders: its settings ({@link
 * dev.steward.store.postgres.PostgresStoreSettings}) and the exceptions it throws. Select the store
 * with {@code steward.state-store=postgres}; the store itself is built by its provider.
 */
package dev.steward.store.postgres;
