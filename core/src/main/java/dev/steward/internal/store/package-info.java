/** The built-in {@code memory} state store. Internal: not exported; select it by id. */
package dev.steward.internal.store;
