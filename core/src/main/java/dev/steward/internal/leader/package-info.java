/** The view that fences a store's writes when the store cannot fence them itself. */
package dev.steward.internal.leader;
