/**
 * Lifecycle tables: which state a record may move to from which. For embedders who define their
 * own lifecycle (a pipeline, a job) and for stores, which check every transition against them.
 */
package dev.steward.lifecycle;
