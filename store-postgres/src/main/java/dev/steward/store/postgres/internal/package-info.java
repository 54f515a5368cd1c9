/**
 * The {@code postgres} store's implementation: connections, the schema and its migrations, the
 * records' JSON, the store, and the leader election with its term fence. Internal: not exported;
 * select the store and the election by id.
 */
package dev.steward.store.postgres.internal;
