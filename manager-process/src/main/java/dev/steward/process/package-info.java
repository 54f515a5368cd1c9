/**
 * The settings of the {@code process} ProcessManager, for embedders who configure it in code. The
 * manager itself is found through {@link dev.steward.discovery.ProviderRegistry} by the id
 * {@code process}.
 */
package dev.steward.process;
