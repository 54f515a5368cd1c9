/**
 * The {@code project} kind: projects mounted on a server (an editable pip install and its bind
 * mounts), kept by the reconcile loop through any Transport and Probe.
 */
module dev.steward.mount {
  requires dev.steward.core;

  exports dev.steward.mount;

  provides dev.steward.spi.KindProvider with dev.steward.mount.internal.MountKindProvider;
}
