/** The built-in {@code none} firewall manager. Internal: not exported; select it by id. */
package dev.steward.internal.firewall;
