package dev.steward.mount;

import dev.steward.Action;
import dev.steward.ActionType;
import dev.steward.Command;
import dev.steward.Observation;
import dev.steward.ObservedResource;
import dev.steward.Probe;
import dev.steward.ResourceKey;
import dev.steward.ResourceRecord;
import dev.steward.Spec;
import dev.steward.Transport;
import dev.steward.drift.DriftClass;
import dev.steward.drift.DriftEntry;
import dev.steward.drift.DriftRules;
import dev.steward.Lifecycle;
import dev.steward.plan.BudgetGate;
import dev.steward.plan.HeldAction;
import dev.steward.plan.Plan;
import dev.steward.plan.PlanRequest;
import dev.steward.reconcile.ActionContext;
import dev.steward.reconcile.Kind;
import dev.steward.reconcile.RecordAttributes;
import dev.steward.status.StatusItem;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Projects mounted on a server: an editable pip install of the project's source plus its bind
 * mounts, with a cleanup file that names the client, the mounts and the targets mount created.
 * Records are of kind {@value #KIND} in {@link ProjectLifecycle}; the server is observed by a
 * {@link ProjectProbe} and changed through a {@link Transport}, every remote argument one quoted
 * word.
 *
 * <p>What a pass does is its {@link Mode}, one per command:
 * <ul>
 *   <li><b>sync</b> makes local state match the server and never changes the server: ADOPT
 *       (priority 1, "as MOUNTED (was S): found on HOST") a configured project found there and not
 *       recorded as mounted; FORGET (priority 1, "as UNMOUNTED (was S): not on HOST") one recorded
 *       and gone (STALE), or recorded UNMOUNTING and gone; ADOPT (priority 2, "as MOUNTED (was
 *       MOUNTED): refreshed what was found on HOST") a mounted one whose recorded parts or source
 *       differ from what was found. Projects in no configuration are left alone.
 *   <li><b>clean</b> removes orphans from the server: REMOVE (priority 1, "orphan on HOST: no local
 *       state records it as mounted") each configured project found there that this client does not
 *       record as mounted, or each project named, which may be one no configuration knows ("named,
 *       in no configuration"). Held: a named project that is not an orphan ("P is OK, recorded as
 *       MOUNTED: clean removes only what no local state claims as mounted"), not on the server ("P is
 *       not on HOST"), or mounted by another client unless forced ("P was mounted by client C, not by
 *       D; give --force to remove it anyway").
 *   <li><b>mount</b> sets one configured project up: ADD (priority 0, "requested by CLIENT").
 *   <li><b>umount</b> takes one project off: REMOVE (priority 0, "requested by CLIENT") from what
 *       the server shows and its cleanup file, with or without local state; FORGET when only local
 *       state still has it. Held: another client's project unless forced.
 * </ul>
 * A server that could not be observed gets no action: its projects are UNKNOWN, never cleaned or
 * forgotten. Every action counts against the loop's budgets; a mount cut short (recorded MOUNTING
 * with its ADD pending) is one ADD in flight already, which mounting it again finishes without
 * taking another. Thread-safe.
 */
public final class MountKind implements Kind {
  /** The kind of project records and observed projects. */
  public static final String KIND = "project";
  /** The part an editable install is. */
  public static final String EDITABLE = "editable";
  /** The prefix of a bind mount's part, followed by its target. */
  public static final String MOUNT = "mount:";

  static final String PARTS = "parts";
  static final String SOURCE_PATH = "source_path";
  static final String DISTRIBUTION = "distribution";
  static final String CREATED = "created";
  static final String CLIENT = "client";
  /** On an umount's REMOVE: go on past a failing step. */
  static final String UMOUNT_FORCE = "umount.force";
  /** On an umount's REMOVE: the service to restart after it. */
  static final String UMOUNT_RESTART = "umount.restart";

  private final ProjectConfig config;
  private final Mode mode;
  private final Transport transport;
  private final Probe probe;

  /**
   * @param probe what observes the server's projects (wrapped in a {@link ProjectProbe} when the
   *     loop observes; used again after a mount to learn the installed distribution)
   */
  public MountKind(ProjectConfig config, Mode mode, Transport transport, Probe probe) {
    this.config = Objects.requireNonNull(config, "config");
    this.mode = Objects.requireNonNull(mode, "mode");
    this.transport = Objects.requireNonNull(transport, "transport");
    this.probe = Objects.requireNonNull(probe, "probe");
    if (mode instanceof Mode.Mount mount && config.project(mount.project()).isEmpty()) {
      throw new MountException("no project '" + mount.project() + "' in the configuration; the projects are: "
          + config.sourcePaths().keySet());
    }
    if (mode instanceof Mode.Umount umount && umount.restart()
        && config.project(umount.project()).flatMap(ProjectConfig.Project::service).isEmpty()) {
      throw new MountException("--restart needs the service that serves " + umount.project() + ": add 'service: NAME.service'"
          + " under the project in the configuration");
    }
  }

  /** What a pass of a mount kind does. */
  public sealed interface Mode {
    /** Local state follows the server. */
    static Mode sync() {
      return new Sync();
    }

    /** Orphans leave the server: every configured orphan, or only the projects {@code only} names. */
    static Mode clean(List<String> only, boolean force) {
      return new Clean(only, force);
    }

    /** {@code project} is set up on the server. */
    static Mode mount(String project) {
      return new Mount(project);
    }

    /**
     * {@code project} comes off the server: pip uninstall, unmount deepest first, the targets mount
     * created and the cleanup file. It works from what the server shows and its cleanup file, with
     * or without local state. {@code force} goes on past a failing step (each is reported) and
     * unmounts another client's project; {@code restart} then restarts the service the
     * configuration names for it.
     */
    static Mode umount(String project, boolean force, boolean restart) {
      return new Umount(project, force, restart);
    }

    /** @see Mode#sync() */
    record Sync() implements Mode {}

    /** @see Mode#umount(String, boolean, boolean) */
    record Umount(String project, boolean force, boolean restart) implements Mode {
      public Umount {
        ProjectConfig.requireName(project, "project name");
      }
    }

    /** @see Mode#clean(List, boolean) */
    record Clean(List<String> only, boolean force) implements Mode {
      public Clean {
        only = List.copyOf(only);
        only.forEach(name -> ProjectConfig.requireName(name, "project name"));
      }
    }

    /** @see Mode#mount(String) */
    record Mount(String project) implements Mode {
      public Mount {
        ProjectConfig.requireName(project, "project name");
      }
    }
  }

  /** The server's host, as its resource keys name it. */
  public String host() {
    return config.server().host();
  }

  /** The probe the loop should observe with: the projects' probe and the cleanup files. */
  public ProjectProbe observer() {
    return new ProjectProbe(probe, transport, config.server().cleanupDir());
  }

  @Override
  public String id() {
    return KIND;
  }

  @Override
  public Lifecycle lifecycle() {
    return ProjectLifecycle.LIFECYCLE;
  }

  /** Only the records on this configuration's server: those of other servers belong to other configurations. */
  @Override
  public boolean owns(ResourceRecord record) {
    return record.key().kind().equals(KIND) && record.key().host().equals(host());
  }

  @Override
  public Set<String> hosts(List<ResourceRecord> records) {
    Set<String> hosts = new TreeSet<>();
    hosts.add(host());
    records.forEach(r -> hosts.add(r.key().host()));
    return hosts;
  }

  @Override
  public DriftRules driftRules() {
    return DriftRules.builder(Set.of(KIND))
        .known(key -> key.host().equals(host()) && config.project(key.name()).isPresent())
        .expectedParts(key -> expectedParts(key.name()))
        .expectsPresence(r -> r.state().equals(ProjectLifecycle.MOUNTED) || r.state().equals(ProjectLifecycle.MOUNTING))
        .gone(r -> false)
        .build();
  }

  /** The parts a configured project has when mounted: the editable install and each mount target. */
  public Set<String> expectedParts(String project) {
    Set<String> parts = new TreeSet<>();
    config.project(project).ifPresent(p -> {
      parts.add(EDITABLE);
      p.mounts().forEach(m -> parts.add(MOUNT + m.target()));
    });
    return parts;
  }

  @Override
  public Plan plan(PlanRequest request) {
    BudgetGate gate = BudgetGate.of(request);
    Set<ResourceKey> addsUnderWay = new TreeSet<>();
    for (ResourceRecord record : request.records()) {
      if (record.state().equals(ProjectLifecycle.MOUNTING)
          && record.attribute(RecordAttributes.PENDING_ACTION).filter(p -> p.equals(ActionType.ADD.name())).isPresent()) {
        gate.inFlight(ActionType.ADD);
        addsUnderWay.add(record.key());
      }
    }
    Optional<Observation> server = request.observations().stream().filter(o -> o.host().equals(host())).findFirst();
    List<Action> wanted = new ArrayList<>();
    List<HeldAction> held = new ArrayList<>();
    if (server.isPresent() && server.get().isReachable()) {
      Map<String, Cleanup> cleanups = Cleanup.in(server.get());
      if (mode instanceof Mode.Clean clean) {
        planClean(request, clean, cleanups, wanted, held);
      } else if (mode instanceof Mode.Mount mount) {
        planMount(mount, server.get(), cleanups, wanted);
      } else if (mode instanceof Mode.Umount umount) {
        planUmount(request, umount, server.get(), cleanups, wanted, held);
      } else {
        planSync(request, wanted);
      }
    }
    List<Action> actions = new ArrayList<>();
    for (Action action : wanted) {
      // A mount cut short was counted in flight above: mounting it again finishes it, no second ADD.
      boolean finishes = action.type() == ActionType.ADD && addsUnderWay.contains(action.target());
      Optional<String> budget = finishes ? Optional.empty() : gate.admit(action.type());
      if (budget.isPresent()) {
        held.add(new HeldAction(action, budget.get()));
      } else {
        actions.add(action);
      }
    }
    return new Plan(actions, held, request.now(), gate.underWay());
  }

  private void planSync(PlanRequest request, List<Action> wanted) {
    for (DriftEntry entry : request.drift().entries()) {
      ResourceKey key = entry.key();
      String state = entry.record().map(ResourceRecord::state).orElse("(none)");
      switch (entry.drift()) {
        case ORPHAN -> wanted.add(new Action(ActionType.ADOPT, key, 1,
            "as MOUNTED (was " + state + "): found on " + host(), Optional.of(found(key, entry.observed().orElseThrow()))));
        case STALE -> wanted.add(new Action(ActionType.FORGET, key, 1, "as UNMOUNTED (was " + state + "): not on " + host()));
        case OK, PARTIAL -> {
          if (entry.observed().isPresent() && !state.equals(ProjectLifecycle.MOUNTED)) {
            wanted.add(new Action(ActionType.ADOPT, key, 1, "as MOUNTED (was " + state + "): found on " + host(),
                Optional.of(found(key, entry.observed().get()))));
          } else if (entry.observed().isPresent() && !recorded(entry.record().orElseThrow()).equals(found(key, entry.observed().get()).properties())) {
            wanted.add(new Action(ActionType.ADOPT, key, 2, "as MOUNTED (was MOUNTED): refreshed what was found on " + host(),
                Optional.of(found(key, entry.observed().get()))));
          } else if (entry.observed().isEmpty() && state.equals(ProjectLifecycle.UNMOUNTING)) {
            wanted.add(new Action(ActionType.FORGET, key, 1, "as UNMOUNTED (was UNMOUNTING): not on " + host()));
          }
        }
        case UNKNOWN -> { }
      }
    }
  }

  private void planClean(PlanRequest request, Mode.Clean clean, Map<String, Cleanup> cleanups, List<Action> wanted,
      List<HeldAction> held) {
    Map<String, ObservedResource> orphans = new TreeMap<>();
    Map<String, String> notOrphans = new TreeMap<>();
    for (DriftEntry entry : request.drift().entries()) {
      if (entry.drift() == DriftClass.ORPHAN) {
        orphans.put(entry.key().name(), entry.observed().orElseThrow());
      } else {
        notOrphans.put(entry.key().name(), entry.drift() + (entry.record().isPresent() ? ", recorded as " + entry.record().get().state() : ""));
      }
    }
    // Projects no configuration knows (made by hand, or by a client with another configuration) are
    // removed only when named: their owner may be someone this client cannot see.
    // A cleanup file with nothing of its project left (an unmount cut short, or undone by hand) is an
    // orphan too, unless local state still claims the project as mounted: clean removes the file.
    Set<String> seen = new TreeSet<>();
    request.observations().stream().filter(o -> o.host().equals(host())).flatMap(o -> o.resources().stream())
        .filter(r -> r.key().kind().equals(KIND)).forEach(r -> seen.add(r.key().name()));
    Map<String, String> leftovers = new TreeMap<>();
    for (String name : cleanups.keySet()) {
      ResourceKey key = ResourceKey.of(KIND, name, host());
      boolean claimed = request.records().stream().anyMatch(r -> r.key().equals(key)
          && (r.state().equals(ProjectLifecycle.MOUNTED) || r.state().equals(ProjectLifecycle.MOUNTING)));
      if (!seen.contains(name) && !claimed && ProjectConfig.isValidName(name)) {
        orphans.put(name, new ObservedResource(key, Set.of(), Map.of()));
        notOrphans.remove(name);
        leftovers.put(name, "only its cleanup file is left on " + host());
      }
    }
    List<String> names = clean.only().isEmpty() ? new ArrayList<>(orphans.keySet()) : clean.only();
    Set<String> unknown = new TreeSet<>();
    for (ObservedResource unmanaged : request.drift().unmanaged()) {
      orphans.put(unmanaged.key().name(), unmanaged);
      unknown.add(unmanaged.key().name());
    }
    for (String name : names) {
      ResourceKey key = ResourceKey.of(KIND, name, host());
      ObservedResource found = orphans.get(name);
      String reason = leftovers.containsKey(name) ? leftovers.get(name)
          : unknown.contains(name) ? "named, in no configuration" : "orphan on " + host() + ": no local state records it as mounted";
      if (found == null) {
        String why = notOrphans.containsKey(name)
            ? name + " is " + notOrphans.get(name) + ": clean removes only what no local state claims as mounted"
            : name + " is not on " + host();
        held.add(new HeldAction(new Action(ActionType.REMOVE, key, 1, reason), why));
        continue;
      }
      Optional<Cleanup> cleanup = Optional.ofNullable(cleanups.get(name));
      Spec spec = found(key, found);
      if (cleanup.isPresent()) {
        spec = spec.with(CREATED, String.join("\n", cleanup.get().created()));
        Optional<String> distribution = cleanup.get().distribution();
        if (!spec.properties().containsKey(DISTRIBUTION) && distribution.isPresent()) {
          spec = spec.with(DISTRIBUTION, distribution.get());
        }
      }
      Action remove = new Action(ActionType.REMOVE, key, 1, reason, Optional.of(spec));
      if (!clean.force() && cleanup.isPresent() && !cleanup.get().client().isEmpty() && !cleanup.get().client().equals(config.client())) {
        held.add(new HeldAction(remove, name + " was mounted by client " + cleanup.get().client()
            + ", not by " + config.client() + "; give --force to remove it anyway"));
        continue;
      }
      wanted.add(remove);
    }
  }

  private void planMount(Mode.Mount mount, Observation server, Map<String, Cleanup> cleanups,
      List<Action> wanted) {
    ResourceKey key = ResourceKey.of(KIND, mount.project(), host());
    Spec spec = server.find(key).map(found -> found(key, found)).orElse(Spec.of(key));
    Cleanup previous = cleanups.get(mount.project());
    if (previous != null) {
      spec = spec.with(CREATED, String.join("\n", previous.created()));
    }
    wanted.add(new Action(ActionType.ADD, key, 0, "requested by " + config.client(), Optional.of(spec)));
  }

  /**
   * REMOVE (priority 0, "requested by CLIENT") of the named project when the server has it, with
   * what its cleanup file says; when only local state has it, FORGET it. Held: another client's
   * project unless forced.
   */
  private void planUmount(PlanRequest request, Mode.Umount umount, Observation server, Map<String, Cleanup> cleanups,
      List<Action> wanted, List<HeldAction> held) {
    ResourceKey key = ResourceKey.of(KIND, umount.project(), host());
    Optional<ObservedResource> found = server.find(key);
    Optional<ResourceRecord> record = request.records().stream().filter(r -> r.key().equals(key)).findFirst();
    Cleanup cleanup = cleanups.get(umount.project());
    if (found.isEmpty() && cleanup == null) {
      if (record.isPresent() && !record.get().state().equals(ProjectLifecycle.UNMOUNTED)) {
        wanted.add(new Action(ActionType.FORGET, key, 0, "as UNMOUNTED (was " + record.get().state() + "): not on " + host()));
      }
      return;
    }
    Spec spec = found.map(f -> found(key, f)).orElse(Spec.of(key).with(PARTS, ""));
    if (cleanup != null) {
      // Only what is there is undone; a cleanup file left alone (an unmount cut short) only goes.
      spec = spec.with(CREATED, String.join("\n", cleanup.created()));
      if (!spec.properties().containsKey(DISTRIBUTION) && cleanup.distribution().isPresent()) {
        spec = spec.with(DISTRIBUTION, cleanup.distribution().get());
      }
    }
    spec = spec.with(UMOUNT_FORCE, Boolean.toString(umount.force()));
    if (umount.restart()) {
      spec = spec.with(UMOUNT_RESTART, config.project(umount.project()).flatMap(ProjectConfig.Project::service).orElseThrow());
    }
    Action remove = new Action(ActionType.REMOVE, key, 0, "requested by " + config.client(), Optional.of(spec));
    if (!umount.force() && cleanup != null && !cleanup.client().isEmpty() && !cleanup.client().equals(config.client())) {
      held.add(new HeldAction(remove, umount.project() + " was mounted by client " + cleanup.client() + ", not by "
          + config.client() + "; give --force to unmount it anyway"));
      return;
    }
    wanted.add(remove);
  }

  /** What was found of a project, as the properties of its spec: its parts, source and distribution. */
  private static Spec found(ResourceKey key, ObservedResource observed) {
    Map<String, String> properties = new LinkedHashMap<>();
    properties.put(PARTS, String.join(",", observed.parts()));
    for (String name : List.of(SOURCE_PATH, DISTRIBUTION, "version")) {
      String value = observed.attributes().get(name);
      if (value != null) {
        properties.put(name, value);
      }
    }
    return new Spec(key, properties);
  }

  /** What a record says was found, in the same shape as {@link #found}. */
  private static Map<String, String> recorded(ResourceRecord record) {
    Map<String, String> properties = new LinkedHashMap<>();
    for (String name : List.of(PARTS, SOURCE_PATH, DISTRIBUTION, "version")) {
      record.attribute(name).filter(v -> !v.isEmpty()).ifPresent(v -> properties.put(name, v));
    }
    return properties;
  }

  /**
   * The commands a REMOVE runs on the server, in order: pip uninstall, unmount deepest first, remove
   * the targets mount created (only while nothing is mounted on them), then the cleanup file.
   */
  public List<Command> cleanCommands(Action remove) {
    return new MountActions(config, transport, probe, this).cleanCommands(remove);
  }

  @Override
  public String act(Action action, ActionContext context) {
    return new MountActions(config, transport, probe, this).run(action, context);
  }

  /**
   * A project's item: its name, kind {@value #KIND}, its state, its reason unless MOUNTED, and its
   * {@code source_path}, {@code distribution} and {@code host} attributes.
   */
  @Override
  public Optional<StatusItem> statusItem(ResourceRecord record) {
    if (!record.key().kind().equals(KIND)) {
      return Optional.empty();
    }
    Map<String, String> attributes = new TreeMap<>();
    record.attribute(SOURCE_PATH).filter(v -> !v.isEmpty()).ifPresent(v -> attributes.put(SOURCE_PATH, v));
    record.attribute(DISTRIBUTION).filter(v -> !v.isEmpty()).ifPresent(v -> attributes.put(DISTRIBUTION, v));
    attributes.put("host", record.key().host());
    String reason = record.state().equals(ProjectLifecycle.MOUNTED) ? "" : record.reason();
    return Optional.of(new StatusItem(record.key().name(), KIND, record.state(), reason, attributes,
        record.createdAt(), record.updatedAt()));
  }
}
