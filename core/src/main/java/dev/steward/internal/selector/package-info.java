/** The built-in node selectors. Internal: not exported; select them by id. */
package dev.steward.internal.selector;
