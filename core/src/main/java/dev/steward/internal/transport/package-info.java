/** The built-in {@code local} transport. Internal: not exported; select it by id. */
package dev.steward.internal.transport;
