/** The providers of core's built-in kinds of resource. Internal: not exported. */
package dev.steward.internal.kind;
