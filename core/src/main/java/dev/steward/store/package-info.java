/**
 * The {@code file} state store, its settings and its errors, for embedders and operator tools that
 * need more than the {@link dev.steward.StateStore} interface: export, import, verify, compaction.
 */
package dev.steward.store;
