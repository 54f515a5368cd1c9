/**
 * The example scenarios the runner can play, and the small {@link
 * dev.steward.examples.scenario.Scenario} interface a new one implements: add the class to {@link
 * dev.steward.examples.scenario.Scenarios#builtIn()} and it shows up in {@code steward scenarios}
 * and runs with {@code steward run NAME}.
 */
package dev.steward.examples.scenario;
