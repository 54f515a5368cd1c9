/** The engine of the built-in {@code file} state store. Internal: not exported. */
package dev.steward.internal.store.file;
