/**
 * Provider discovery for embedders: finds every provider with {@link java.util.ServiceLoader},
 * reports the broken ones, and selects one per extension point by id, with errors that name what
 * was asked, what was found and which jar each came from.
 */
package dev.steward.discovery;
