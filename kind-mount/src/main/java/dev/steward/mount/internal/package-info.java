/** The {@code project} kind's provider. Internal: not exported. */
package dev.steward.mount.internal;
