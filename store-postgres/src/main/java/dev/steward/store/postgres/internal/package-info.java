/**
 * The {@code postgres} store's implementation: connections, the schema and its migrations, the
 * records' JSON and the store. Internal: not exported; select the store by id.
 */
package dev.steward.store.postgres.internal;
