/**
 * Steward's example runner, a command-line program packed as one executable jar ({@code
 * target/steward.jar}): {@code providers} lists what discovery finds, {@code scenarios} lists the
 * examples and {@code run} plays one. For people trying Steward out and for the integration tests;
 * nothing here is an API.
 */
package dev.steward.examples;
