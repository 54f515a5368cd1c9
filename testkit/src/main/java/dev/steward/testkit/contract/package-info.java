/**
 * Contract tests: one abstract JUnit class per extension point. A provider author extends the one
 * for their extension point, names their provider id, and gets every behaviour Steward relies on
 * checked against the real implementation.
 */
package dev.steward.testkit.contract;
