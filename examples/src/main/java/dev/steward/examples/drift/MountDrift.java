package dev.steward.examples.drift;

import dev.steward.Command;
import dev.steward.CommandResult;
import dev.steward.Observation;
import dev.steward.ObservedResource;
import dev.steward.ResourceKey;
import dev.steward.ResourceRecord;
import dev.steward.Settings;
import dev.steward.StateStore;
import dev.steward.StewardException;
import dev.steward.Transport;
import dev.steward.drift.Drift;
import dev.steward.drift.DriftClass;
import dev.steward.drift.DriftEntry;
import dev.steward.drift.DriftReport;
import dev.steward.drift.DriftRules;
import dev.steward.examples.scenario.ExampleLifecycles;
import dev.steward.probe.ssh.SshProbe;
import dev.steward.probe.ssh.SshProbeSettings;
import dev.steward.probe.ssh.SshSettings;
import dev.steward.probe.ssh.SshTransport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * The mount-drift scenario's work: survey the server, classify each project, and the three ways to
 * act on the answer ({@link #sync}, {@link #clean}, {@link #mount}). Local state is a
 * {@link StateStore} of {@code project} records in the {@link ExampleLifecycles#PROJECT_MOUNT}
 * lifecycle; the server is observed through the {@code ssh} probe and changed through the ssh
 * transport, every remote argument travelling as one quoted word. Each mounted project leaves a
 * cleanup file on the server ({@code CLEANUP_DIR/PROJECT.cleanup}) naming the client, the mounts
 * and the targets it created, so a later clean can undo it without any local state.
 * Not thread-safe: one per command.
 */
public final class MountDrift implements AutoCloseable {
  static final String KIND = "project";
  static final String EDITABLE = "editable";
  static final String MOUNT = "mount:";
  private static final Duration PIP_TIMEOUT = Duration.ofMinutes(5);

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

  /** What the server has and what this client recorded, classified. */
  public record Survey(Observation observation, DriftReport report, Map<String, Cleanup> cleanups, List<ResourceRecord> records) {
    public boolean reachable() {
      return observation.isReachable();
    }
  }

  /** A project's cleanup file on the server: who mounted it, which mounts, which targets it created. */
  public record Cleanup(String client, List<String> mounts, List<String> created, Optional<String> distribution) {}

  public Survey survey() {
    Observation observation = probe.observe(host());
    Map<String, Cleanup> cleanups = observation.isReachable() ? cleanups() : Map.of();
    List<ResourceRecord> records = records();
    DriftRules rules = DriftRules.builder(Set.of(KIND))
        .known(key -> config.project(key.name()).isPresent())
        .expectedParts(key -> expectedParts(key.name()))
        .expectsPresence(r -> r.state().equals(ExampleLifecycles.MOUNTED) || r.state().equals(ExampleLifecycles.MOUNTING))
        .gone(r -> false)
        .build();
    DriftReport report = Drift.classify(records, List.of(observation), rules);
    return new Survey(observation, report, cleanups, records);
  }

  private List<ResourceRecord> records() {
    List<ResourceRecord> mine = new ArrayList<>();
    for (ResourceRecord record : store.list()) {
      if (record.key().kind().equals(KIND) && record.key().host().equals(host())) {
        mine.add(record);
      }
    }
    return mine;
  }

  Set<String> expectedParts(String project) {
    Set<String> parts = new TreeSet<>();
    config.project(project).ifPresent(p -> {
      parts.add(EDITABLE);
      p.mounts().forEach(m -> parts.add(MOUNT + m.target()));
    });
    return parts;
  }

  /** Reads every cleanup file on the server; a server without the folder has none. */
  private Map<String, Cleanup> cleanups() {
    String script = "for f in \"$1\"/*.cleanup; do [ -f \"$f\" ] || continue; printf '== %s\\n' \"${f##*/}\"; cat \"$f\"; done";
    CommandResult result = run(Command.of("sh", "-c", script, "sh", config.server().cleanupDir()));
    Map<String, Cleanup> cleanups = new TreeMap<>();
    String project = null;
    String client = "";
    List<String> mounts = new ArrayList<>();
    List<String> created = new ArrayList<>();
    Optional<String> distribution = Optional.empty();
    for (String line : (result.stdout() + "== end.cleanup\n").split("\n")) {
      if (line.startsWith("== ") && line.endsWith(".cleanup")) {
        if (project != null) {
          cleanups.put(project, new Cleanup(client, mounts, created, distribution));
        }
        project = line.substring(3, line.length() - ".cleanup".length());
        client = "";
        mounts = new ArrayList<>();
        created = new ArrayList<>();
        distribution = Optional.empty();
      } else if (line.startsWith("client ")) {
        client = line.substring(7);
      } else if (line.startsWith("mount ")) {
        mounts.add(line.substring(6));
      } else if (line.startsWith("created ")) {
        created.add(line.substring(8));
      } else if (line.startsWith("distribution ")) {
        distribution = Optional.of(line.substring(13));
      }
    }
    return cleanups;
  }

  /**
   * Makes local state match the server: a project found on the server is recorded MOUNTED, a
   * recorded one that is gone becomes UNMOUNTED. Refuses when the server could not be observed.
   *
   * @param say gets one line per change (or, with dry run, per change it would make)
   */
  public void sync(Survey survey, boolean dryRun, Consumer<String> say) {
    requireReachable(survey, "sync");
    int changes = 0;
    for (DriftEntry entry : survey.report().entries()) {
      String name = entry.key().name();
      Optional<ResourceRecord> record = entry.record();
      String state = record.map(ResourceRecord::state).orElse("(none)");
      switch (entry.drift()) {
        case ORPHAN -> {
          say.accept((dryRun ? "would record " : "recorded ") + name + " as MOUNTED (was " + state + "): found on " + host());
          if (!dryRun) {
            if (record.isEmpty()) {
              store.create(entry.key(), ExampleLifecycles.PROJECT_MOUNT.name(), Optional.empty(), "sync: found on " + host());
            }
            store.transition(entry.key(), ExampleLifecycles.MOUNTED, "sync: found on " + host());
            store.updateAttributes(entry.key(), attributes(entry.observed()));
          }
          changes++;
        }
        case STALE -> {
          say.accept((dryRun ? "would record " : "recorded ") + name + " as UNMOUNTED (was " + state + "): not on " + host());
          if (!dryRun) {
            store.transition(entry.key(), ExampleLifecycles.UNMOUNTED, "sync: not on " + host());
          }
          changes++;
        }
        case OK, PARTIAL -> {
          if (entry.observed().isPresent() && !state.equals(ExampleLifecycles.MOUNTED)) {
            say.accept((dryRun ? "would record " : "recorded ") + name + " as MOUNTED (was " + state + ")");
            if (!dryRun) {
              store.transition(entry.key(), ExampleLifecycles.MOUNTED, "sync: found on " + host());
            }
            changes++;
          } else if (entry.observed().isEmpty() && record.isPresent() && state.equals(ExampleLifecycles.UNMOUNTING)) {
            say.accept((dryRun ? "would record " : "recorded ") + name + " as UNMOUNTED (was UNMOUNTING)");
            if (!dryRun) {
              store.transition(entry.key(), ExampleLifecycles.UNMOUNTED, "sync: not on " + host());
            }
            changes++;
          }
          if (!dryRun && entry.observed().isPresent()) {
            store.updateAttributes(entry.key(), attributes(entry.observed()));
          }
        }
        case UNKNOWN -> { }
      }
    }
    for (ObservedResource unmanaged : survey.report().unmanaged()) {
      say.accept("left " + unmanaged.key().name() + " alone: on " + host() + " but in no configuration");
    }
    if (changes == 0) {
      say.accept("local state already matches " + host());
    }
  }

  private static Map<String, String> attributes(Optional<ObservedResource> observed) {
    Map<String, String> attributes = new LinkedHashMap<>();
    observed.ifPresent(o -> {
      attributes.put("parts", String.join(",", o.parts()));
      o.attributes().forEach((k, v) -> {
        if (k.equals("source_path") || k.equals("distribution") || k.equals("version")) {
          attributes.put(k, v);
        }
      });
    });
    return attributes;
  }

  /** A project clean would remove, and what it would run. */
  public record CleanPlan(String project, List<Command> commands, Optional<String> refusal) {}

  /**
   * What {@code clean} would do: for each orphan (a configured project found on the server that
   * this client does not record as mounted), by name, or for each project {@code only} names (which
   * may also be one no configuration knows), the commands that remove it. A project another
   * client's cleanup file names is refused unless {@code force}.
   */
  public List<CleanPlan> planClean(Survey survey, List<String> only, boolean force) {
    requireReachable(survey, "clean");
    Map<String, ObservedResource> orphans = new TreeMap<>();
    Map<String, String> notOrphans = new TreeMap<>();
    for (DriftEntry entry : survey.report().entries()) {
      if (entry.drift() == DriftClass.ORPHAN) {
        orphans.put(entry.key().name(), entry.observed().orElseThrow());
      } else {
        notOrphans.put(entry.key().name(), entry.drift() + (entry.record().isPresent() ? ", recorded as " + entry.record().get().state() : ""));
      }
    }
    // Projects no configuration knows (made by hand, or by a client with another configuration) are
    // removed only when named: their owner may be someone this client cannot see.
    List<String> names = only.isEmpty() ? new ArrayList<>(orphans.keySet()) : only;
    for (ObservedResource unmanaged : survey.report().unmanaged()) {
      orphans.put(unmanaged.key().name(), unmanaged);
    }
    List<CleanPlan> plans = new ArrayList<>();
    for (String name : names) {
      ProjectConfig.requireName(name, "project name");
      ObservedResource found = orphans.get(name);
      if (found == null) {
        String why = notOrphans.containsKey(name)
            ? name + " is " + notOrphans.get(name) + ": clean removes only what no local state claims as mounted"
            : name + " is not on " + host();
        plans.add(new CleanPlan(name, List.of(), Optional.of(why)));
        continue;
      }
      Optional<Cleanup> cleanup = Optional.ofNullable(survey.cleanups().get(name));
      if (!force && cleanup.isPresent() && !cleanup.get().client().isEmpty() && !cleanup.get().client().equals(config.client())) {
        plans.add(new CleanPlan(name, List.of(), Optional.of(name + " was mounted by client " + cleanup.get().client()
            + ", not by " + config.client() + "; give --force to remove it anyway")));
        continue;
      }
      plans.add(new CleanPlan(name, cleanCommands(name, found, cleanup), Optional.empty()));
    }
    return plans;
  }

  private List<Command> cleanCommands(String name, ObservedResource found, Optional<Cleanup> cleanup) {
    List<Command> commands = new ArrayList<>();
    List<String> targets = new ArrayList<>();
    for (String part : found.parts()) {
      if (part.startsWith(MOUNT)) {
        targets.add(part.substring(MOUNT.length()));
      }
    }
    // Unmount deepest first, so a mount inside another comes off before it.
    targets.sort((a, b) -> Integer.compare(b.length(), a.length()));
    for (String target : targets) {
      ProjectConfig.requirePath(target, "mount target found on the server");
      commands.add(Command.of("umount", target));
    }
    if (found.parts().contains(EDITABLE)) {
      String distribution = Optional.ofNullable(found.attributes().get("distribution")).orElse(cleanup.flatMap(Cleanup::distribution).orElse(name));
      List<String> argv = new ArrayList<>(List.of(config.server().python(), "-m", "pip", "uninstall", "-y"));
      argv.addAll(config.server().pipUninstallOptions());
      argv.add(distribution);
      commands.add(Command.of(argv).withTimeout(PIP_TIMEOUT));
    }
    if (cleanup.isPresent()) {
      for (String created : cleanup.get().created()) {
        ProjectConfig.requirePath(created, "created target in the cleanup file");
        // Only what mount created, and only while nothing is mounted on it any more.
        commands.add(Command.of("sh", "-c", "mountpoint -q \"$1\" && exit 0; if [ -d \"$1\" ]; then rmdir -- \"$1\"; else rm -f -- \"$1\"; fi", "sh", created));
      }
    }
    commands.add(Command.of("rm", "-f", "--", cleanupFile(name)));
    return commands;
  }

  /** Runs a clean plan's commands in order; the first that fails stops that project. */
  public void clean(CleanPlan plan, Consumer<String> say) {
    for (Command command : plan.commands()) {
      say.accept("  " + command.display());
      run(command).requireSuccess();
    }
  }

  /**
   * Sets {@code project} up on the server: records MOUNTING, installs the source with
   * {@code pip install -e}, binds each mount (creating a missing target, noted in the cleanup file),
   * then records MOUNTED. A failure leaves the record in MOUNTING with the failure counted.
   */
  public void mount(Survey survey, String name, Consumer<String> say) {
    requireReachable(survey, "mount");
    ProjectConfig.Project project = config.project(name).orElseThrow(() -> new DriftException(
        "no project '" + name + "' in the configuration; the projects are: " + config.sourcePaths().keySet()));
    ResourceKey key = ResourceKey.of(KIND, name, host());
    Optional<ObservedResource> seen = survey.observation().find(key);
    Set<String> present = seen.map(ObservedResource::parts).orElse(Set.of());
    Optional<ResourceRecord> record = store.find(key);
    if (record.isEmpty()) {
      store.create(key, ExampleLifecycles.PROJECT_MOUNT.name(), Optional.empty(), "mount: requested by " + config.client());
    } else {
      store.transition(key, ExampleLifecycles.MOUNTING, "mount: requested by " + config.client());
    }
    try {
      ProjectConfig.Server server = config.server();
      run(Command.of("mkdir", "-p", "--", server.cleanupDir())).requireSuccess();
      List<String> created = new ArrayList<>();
      Optional<Cleanup> previous = Optional.ofNullable(survey.cleanups().get(name));
      previous.ifPresent(c -> created.addAll(c.created()));
      String distribution = seen.flatMap(s -> Optional.ofNullable(s.attributes().get("distribution"))).orElse("");
      if (!present.contains(EDITABLE)) {
        List<String> argv = new ArrayList<>(List.of(server.python(), "-m", "pip", "install"));
        argv.addAll(server.pipInstallOptions());
        argv.addAll(List.of("-e", project.source()));
        say.accept("  " + Command.of(argv).display());
        run(Command.of(argv).withTimeout(PIP_TIMEOUT)).requireSuccess();
      }
      for (ProjectConfig.BindMount mount : project.mounts()) {
        if (present.contains(MOUNT + mount.target())) {
          continue;
        }
        // A missing target is made like its source (a file or a folder) and noted for clean.
        CommandResult made = run(Command.of("sh", "-c",
            "[ -e \"$2\" ] && exit 3; mkdir -p -- \"${2%/*}\" && if [ -d \"$1\" ]; then mkdir -- \"$2\"; else : > \"$2\"; fi",
            "sh", mount.source(), mount.target()));
        if (made.exitCode() == 0) {
          created.add(mount.target());
        } else if (made.exitCode() != 3) {
          made.requireSuccess();
        }
        Command bind = Command.of("mount", "--bind", mount.source(), mount.target());
        say.accept("  " + bind.display());
        run(bind).requireSuccess();
      }
      if (distribution.isEmpty()) {
        Observation after = probe.observe(host());
        distribution = after.find(key).flatMap(s -> Optional.ofNullable(s.attributes().get("distribution"))).orElse("");
      }
      StringBuilder file = new StringBuilder();
      file.append("client ").append(config.client()).append('\n');
      if (!distribution.isEmpty()) {
        file.append("distribution ").append(distribution).append('\n');
      }
      project.mounts().forEach(m -> file.append("mount ").append(m.target()).append('\n'));
      created.stream().distinct().forEach(c -> file.append("created ").append(c).append('\n'));
      run(Command.of("sh", "-c", "umask 077 && cat > \"$1.tmp\" && mv -f -- \"$1.tmp\" \"$1\"", "sh", cleanupFile(name))
          .withStdin(file.toString())).requireSuccess();
      store.transition(key, ExampleLifecycles.MOUNTED, "mount: done by " + config.client());
      store.updateAttributes(key, Map.of("source_path", project.source(), "distribution", distribution,
          "parts", String.join(",", expectedParts(name))));
    } catch (StewardException e) {
      store.recordFailure(key, e.getClass().getSimpleName(), e.getMessage());
      throw new DriftException("mounting " + name + " on " + host() + " failed half way; it stays MOUNTING in local state"
          + " ('drift show' tells what is there, 'drift clean' removes it): " + e.getMessage(), e);
    }
  }

  private String cleanupFile(String project) {
    return config.server().cleanupDir() + "/" + project + ".cleanup";
  }

  private CommandResult run(Command command) {
    return transport.run(host(), command);
  }

  private void requireReachable(Survey survey, String what) {
    if (!survey.reachable()) {
      throw new DriftException(what + " changed nothing: " + host() + " could not be observed ("
          + survey.observation().unreachableReason().orElseThrow() + "); its projects are UNKNOWN, never cleaned or forgotten");
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

    DriftException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
