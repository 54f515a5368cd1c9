/**
 * The mount-drift scenario behind {@code steward drift}: a project configuration (which projects a
 * client mounts on one server: an editable pip install of its source plus bind mounts), the local
 * state of what this client mounted (a file store), and what the {@code ssh} probe sees on the
 * server, classified by {@link dev.steward.drift.Drift}. For the runner only.
 */
package dev.steward.examples.drift;
