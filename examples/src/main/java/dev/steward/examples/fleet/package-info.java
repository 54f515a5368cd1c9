/**
 * Fleet files: the human-written YAML or JSON description of the desired fleet that {@code steward
 * reconcile --config FILE} and the {@code local-fleet} scenario work from, and the small demo node
 * program the scenario runs. For the runner only.
 */
package dev.steward.examples.fleet;
