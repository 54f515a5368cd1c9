/**
 * The settings, spec properties and errors of the {@code docker} ProcessManager, for embedders who
 * configure it in code. The manager itself is found through {@link
 * dev.steward.discovery.ProviderRegistry} by the id {@code docker}.
 */
package dev.steward.docker;
