/**
 * How {@link dev.steward.status} works inside: the JSON codec, the socket server and the instance
 * lock. Internal: not exported.
 */
package dev.steward.internal.status;
