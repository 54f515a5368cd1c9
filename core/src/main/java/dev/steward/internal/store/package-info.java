/**
 * The built-in {@code memory} state store and the change feed's rules ({@code ChangeFeed}) the stores
 * share. Internal: exported only to the postgres store; select the memory store by id.
 */
package dev.steward.internal.store;
