package dev.steward.mount.internal;

import dev.steward.Probe;
import dev.steward.mount.MountKind;
import dev.steward.mount.ProjectConfig;
import dev.steward.reconcile.Kind;
import dev.steward.spi.KindProvider;
import dev.steward.spi.ProviderContext;

/**
 * The {@code project} kind. Its parts come in as components of the context: the {@link
 * ProjectConfig} and the {@link Probe} that sees the server's projects, and optionally a {@link
 * MountKind.Mode} (sync by default); it changes the server through the context's transport.
 */
public final class MountKindProvider implements KindProvider {
  @Override
  public String id() {
    return MountKind.KIND;
  }

  @Override
  public String description() {
    return "projects mounted on a server: an editable pip install and its bind mounts, with a cleanup file";
  }

  @Override
  public Kind create(ProviderContext context) {
    return new MountKind(context.require(ProjectConfig.class, "the project kind"),
        context.component(MountKind.Mode.class).orElse(MountKind.Mode.sync()),
        context.transport(), context.require(Probe.class, "the project kind"));
  }
}
