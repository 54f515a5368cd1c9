/**
 * Schema migrations of JSON documents, for stores and any embedder that persists documents: a chain
 * of single-step migrations and the errors for documents too new to read.
 */
package dev.steward.migration;
