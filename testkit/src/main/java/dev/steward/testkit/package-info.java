/**
 * For provider authors and Steward's own modules: contract tests that every provider of an
 * extension point runs, and helpers such as {@link dev.steward.testkit.ProviderJars}.
 */
package dev.steward.testkit;
