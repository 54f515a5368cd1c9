package dev.steward.examples.drift;

import dev.steward.Observation;
import dev.steward.ResourceRecord;
import dev.steward.Settings;
import dev.steward.StateStore;
import dev.steward.StewardException;
import dev.steward.Transport;
import dev.steward.drift.DriftReport;
import dev.steward.mount.Cleanup;
import dev.steward.mount.MountKind;
import dev.steward.mount.ProjectConfig;
import dev.steward.plan.Budgets;
import dev.steward.probe.ssh.SshProbe;
import dev.steward.probe.ssh.SshProbeSettings;
import dev.steward.probe.ssh.SshSettings;
import dev.steward.probe.ssh.SshTransport;
import dev.steward.reconcile.PassReport;
import dev.steward.reconcile.ReconcileListener;
import dev.steward.reconcile.Reconciler;
import java.util.List;
import java.util.Map;

/**
 * The mount-drift commands' session: the project kind ({@link MountKind}) in the reconcile loop,
 * with local state in a {@link StateStore} and the server observed through the {@code ssh} probe and
 * changed through the ssh transport. Each command is one pass of the loop in one {@link
 * MountKind.Mode}, with the loop's budgets, dry run and pass report. Not thread-safe: one per
 * command.
 */
public final class MountDrift implements AutoCloseable {
  private final ProjectConfig config;
  private final StateStore store;
  private final Transport transport;
  private final SshProbe probe;
  private final boolean ownsTransport;

  MountDrift(ProjectConfig config, StateStore store, Transport transport, boolean ownsTransport, Settings settings) {
    this.config = config;
    this.store = store;
    this.transport = transport;
    this.ownsTransport = ownsTransport;
    Settings.Builder probeSettings = settings.toBuilder()
        .set(SshProbeSettings.PROJECTS, SshProbeSettings.formatProjects(config.sourcePaths()))
        .set(SshProbeSettings.PYTHON, config.server().python())
        .set(SshProbeSettings.OBSERVE, "editables,mounts");
    config.server().sourceRoot().ifPresent(root -> probeSettings.set(SshProbeSettings.SOURCE_ROOT, root));
    this.probe = SshProbe.create(transport, probeSettings.build());
  }

  /** Opens the ssh transport for the configuration's server; the store is the caller's. */
  public static MountDrift open(ProjectConfig config, StateStore store, Settings settings) {
    ProjectConfig.Server server = config.server();
    Settings ssh = settings.toBuilder()
        .set(SshSettings.USER, server.user())
        .set(SshSettings.IDENTITY_FILES, server.identity().toString())
        .set(SshSettings.KNOWN_HOSTS, server.knownHosts())
        .set(SshSettings.CONFIG_FILE, "none")
        .set(SshSettings.AGENT, "none")
        .build();
    return new MountDrift(config, store, SshTransport.open(ssh), true, settings);
  }

  public String host() {
    return config.server().host();
  }

  /** The session's transport to the server, for what a caller runs there itself. */
  public Transport transport() {
    return transport;
  }

  /** The project kind in {@code mode}, over this session's transport and probe. */
  public MountKind kind(MountKind.Mode mode) {
    return new MountKind(config, mode, transport, probe);
  }

  /**
   * One pass of the loop for {@code kind}: observe, classify, plan under {@code budgets}, and unless
   * {@code dryRun} act. Refuses, changing nothing, when the server could not be observed.
   *
   * @param what the command's name, for the refusal
   */
  public PassReport pass(MountKind kind, Budgets budgets, boolean dryRun, ReconcileListener listener, String what) {
    try (Reconciler reconciler = reconciler(kind, budgets, listener)) {
      PassReport report = reconciler.planOnce();
      requireReachable(report, what);
      return dryRun ? report : reconciler.reconcileOnce();
    }
  }

  /** A reconciler that keeps {@code kind}, for passes on a schedule; the caller closes it. */
  public Reconciler reconciler(MountKind kind, Budgets budgets, ReconcileListener listener) {
    return Reconciler.builder()
        .store(store)
        .probe(kind.observer())
        .kind(kind)
        .budgets(budgets)
        .listener(listener)
        .build();
  }

  /** What the server has and what this client recorded, classified. */
  public record Survey(Observation observation, DriftReport report, Map<String, Cleanup> cleanups, List<ResourceRecord> records) {
    public boolean reachable() {
      return observation.isReachable();
    }
  }

  /** Observes and classifies, and changes nothing, even when the server could not be observed. */
  public Survey survey() {
    try (Reconciler reconciler = reconciler(kind(MountKind.Mode.sync()), Budgets.unlimited(), ReconcileListener.none())) {
      PassReport report = reconciler.planOnce();
      Observation observation = report.observations().get(0);
      Map<String, Cleanup> cleanups = Cleanup.in(observation);
      List<ResourceRecord> records = store.list().stream()
          .filter(r -> r.key().kind().equals(MountKind.KIND) && r.key().host().equals(host())).toList();
      return new Survey(observation, report.drift(), cleanups, records);
    }
  }

  private void requireReachable(PassReport report, String what) {
    for (Observation observation : report.observations()) {
      if (!observation.isReachable()) {
        throw new DriftException(what + " changed nothing: " + observation.host() + " could not be observed ("
            + observation.unreachableReason().orElseThrow() + "); its projects are UNKNOWN, never cleaned or forgotten");
      }
    }
  }

  @Override
  public void close() {
    if (ownsTransport) {
      transport.close();
    }
  }

  /** A drift command could not do its work; the message says why and what to do. */
  public static final class DriftException extends StewardException {
    private static final long serialVersionUID = 1L;

    DriftException(String message) {
      super(message);
    }
  }
}
