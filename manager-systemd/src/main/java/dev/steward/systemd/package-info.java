/**
 * The settings and spec properties of the {@code systemd} ProcessManager, for embedders who
 * configure it in code. The manager itself is found through {@link
 * dev.steward.discovery.ProviderRegistry} by the id {@code systemd}.
 */
package dev.steward.systemd;
