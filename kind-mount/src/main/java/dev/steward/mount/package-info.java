/**
 * The {@code project} kind for embedders: {@link dev.steward.mount.MountKind} plugs project mounts
 * into the reconcile loop; {@link dev.steward.mount.ProjectConfig} is what is wanted, {@link
 * dev.steward.mount.ProjectLifecycle} what is recorded, {@link dev.steward.mount.ProjectProbe} and
 * {@link dev.steward.mount.Cleanup} what is observed.
 */
package dev.steward.mount;
