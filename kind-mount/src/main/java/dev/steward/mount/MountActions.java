package dev.steward.mount;

import dev.steward.Action;
import dev.steward.ActionType;
import dev.steward.Command;
import dev.steward.CommandResult;
import dev.steward.Observation;
import dev.steward.Probe;
import dev.steward.ResourceKey;
import dev.steward.ResourceRecord;
import dev.steward.Spec;
import dev.steward.StateStore;
import dev.steward.StewardException;
import dev.steward.Transport;
import dev.steward.reconcile.ActionContext;
import dev.steward.reconcile.RecordAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Carries out one action of the {@link MountKind} on the server and in local state. The intent is
 * written before the server is changed (MOUNTING with its pending ADD), so a mount cut short stays
 * MOUNTING with its failure counted, which {@code show} reports and {@code clean} can remove. One
 * instance per action.
 */
final class MountActions {
  private static final Duration PIP_TIMEOUT = Duration.ofMinutes(5);

  private final ProjectConfig config;
  private final Transport transport;
  private final Probe probe;
  private final MountKind kind;

  MountActions(ProjectConfig config, Transport transport, Probe probe, MountKind kind) {
    this.config = config;
    this.transport = transport;
    this.probe = probe;
    this.kind = kind;
  }

  String run(Action action, ActionContext context) {
    return switch (action.type()) {
      case ADOPT -> adopt(action, context);
      case FORGET -> forget(action, context);
      case REMOVE -> remove(action, context);
      case ADD -> mount(action, context);
      default -> throw new IllegalArgumentException("The project kind plans no " + action.type() + " (asked for " + action.target() + ")");
    };
  }

  /** Records what was found as MOUNTED, creating the record when there is none. */
  private String adopt(Action action, ActionContext context) {
    StateStore store = context.store();
    ResourceKey key = action.target();
    String why = "sync: " + action.reason();
    Optional<ResourceRecord> record = store.find(key);
    ResourceRecord current = record.orElseGet(() -> {
      ResourceRecord created = store.create(key, ProjectLifecycle.LIFECYCLE.name(), Optional.empty(), why);
      context.created(created);
      return created;
    });
    context.move(current, ProjectLifecycle.MOUNTED, why);
    action.spec().ifPresent(spec -> store.updateAttributes(key, spec.properties()));
    return "recorded " + key.name() + " " + action.reason();
  }

  private String forget(Action action, ActionContext context) {
    ResourceRecord record = context.store().get(action.target());
    context.move(record, ProjectLifecycle.UNMOUNTED, "sync: " + action.reason());
    return "recorded " + action.target().name() + " " + action.reason();
  }

  /**
   * Runs a REMOVE's commands. A record this client has of the project goes UNMOUNTING first and
   * UNMOUNTED once every step worked. Forced (an umount's {@code --force}), every step runs even
   * after one failed, and each failure is reported; then the service named for a restart is
   * restarted.
   */
  private String remove(Action action, ActionContext context) {
    ResourceKey key = action.target();
    Spec spec = action.spec().orElse(Spec.of(key));
    boolean force = spec.property(MountKind.UMOUNT_FORCE).filter("true"::equals).isPresent();
    Optional<String> restart = spec.property(MountKind.UMOUNT_RESTART);
    Optional<ResourceRecord> record = context.store().find(key);
    boolean umount = spec.property(MountKind.UMOUNT_FORCE).isPresent();
    if (umount && record.isPresent() && !record.get().state().equals(ProjectLifecycle.UNMOUNTING)
        && ProjectLifecycle.LIFECYCLE.allows(record.get().state(), ProjectLifecycle.UNMOUNTING)) {
      context.move(record.get(), ProjectLifecycle.UNMOUNTING, "umount: requested by " + config.client());
    }
    List<Command> commands = cleanCommands(action);
    List<String> failed = new ArrayList<>();
    for (Command command : commands) {
      CommandResult result = run(key.host(), command);
      if (!result.succeeded()) {
        if (!force) {
          result.requireSuccess();
        }
        failed.add(command.display() + ": exit " + result.exitCode() + (result.stderr().isBlank() ? "" : ", " + result.stderr().strip()));
      }
    }
    List<String> done = new ArrayList<>();
    done.add((umount ? "unmounted " : "cleaned ") + key.name() + " on " + key.host() + " (" + commands.size() + " commands"
        + (failed.isEmpty() ? ")" : ", " + failed.size() + " failed)"));
    if (restart.isPresent()) {
      Command restartCommand = Command.of("systemctl", "restart", "--", restart.get());
      CommandResult restarted = run(key.host(), restartCommand);
      if (restarted.succeeded()) {
        done.add("restarted " + restart.get());
      } else {
        failed.add(restartCommand.display() + ": exit " + restarted.exitCode() + ", " + restarted.stderr().strip());
      }
    }
    if (!failed.isEmpty()) {
      throw new MountException(String.join("; ", done) + "; these steps failed: " + String.join("; ", failed)
          + (umount && record.isPresent() ? "; it stays UNMOUNTING in local state ('drift show' tells what is left)" : ""));
    }
    if (umount && record.isPresent()) {
      ResourceRecord now = context.store().get(key);
      if (!now.state().equals(ProjectLifecycle.UNMOUNTED) && ProjectLifecycle.LIFECYCLE.allows(now.state(), ProjectLifecycle.UNMOUNTED)) {
        context.move(now, ProjectLifecycle.UNMOUNTED, "umount: done by " + config.client());
      }
    }
    return String.join("; ", done);
  }

  List<Command> cleanCommands(Action remove) {
    Spec spec = remove.spec().orElseThrow(() -> new IllegalArgumentException("A clean of " + remove.target() + " needs what was found"));
    String name = remove.target().name();
    Set<String> parts = Set.of(spec.property(MountKind.PARTS).orElse("").split(","));
    List<Command> commands = new ArrayList<>();
    List<String> targets = new ArrayList<>();
    for (String part : parts) {
      if (part.startsWith(MountKind.MOUNT)) {
        targets.add(part.substring(MountKind.MOUNT.length()));
      }
    }
    // Unmount deepest first (most path components), so a mount inside another comes off before it.
    targets.sort(java.util.Comparator.comparingLong((String t) -> t.chars().filter(c -> c == '/').count()).reversed()
        .thenComparing(java.util.Comparator.comparingInt(String::length).reversed())
        .thenComparing(java.util.Comparator.naturalOrder()));
    if (parts.contains(MountKind.EDITABLE)) {
      String distribution = spec.property(MountKind.DISTRIBUTION).orElse(name);
      List<String> argv = new ArrayList<>(List.of(config.server().python(), "-m", "pip", "uninstall", "-y"));
      argv.addAll(config.server().pipUninstallOptions());
      argv.add(distribution);
      commands.add(Command.of(argv).withTimeout(PIP_TIMEOUT));
    }
    for (String target : targets) {
      ProjectConfig.requirePath(target, "mount target found on the server");
      commands.add(Command.of("umount", target));
    }
    for (String created : lines(spec.property(MountKind.CREATED))) {
      ProjectConfig.requirePath(created, "created target in the cleanup file");
      // Only what mount created, and only while nothing is mounted on it any more.
      commands.add(Command.of("sh", "-c", "mountpoint -q \"$1\" && exit 0; if [ -d \"$1\" ]; then rmdir -- \"$1\"; else rm -f -- \"$1\"; fi", "sh", created));
    }
    commands.add(Command.of("rm", "-f", "--", cleanupFile(name)));
    return commands;
  }

  /**
   * Records MOUNTING, installs the source with {@code pip install -e}, binds each mount (creating a
   * missing target, noted in the cleanup file), writes the cleanup file, then records MOUNTED.
   */
  private String mount(Action action, ActionContext context) {
    StateStore store = context.store();
    ResourceKey key = action.target();
    String host = key.host();
    ProjectConfig.Project project = config.project(key.name()).orElseThrow(() -> new MountException(
        "no project '" + key.name() + "' in the configuration; the projects are: " + config.sourcePaths().keySet()));
    Spec spec = action.spec().orElse(Spec.of(key));
    Set<String> present = Set.of(spec.property(MountKind.PARTS).orElse("").split(","));
    String why = "mount: requested by " + config.client();
    Optional<ResourceRecord> record = store.find(key);
    if (record.isEmpty()) {
      context.created(store.create(key, ProjectLifecycle.LIFECYCLE.name(), Optional.empty(), why));
    } else {
      context.move(record.get(), ProjectLifecycle.MOUNTING, why);
    }
    context.intend(key, ActionType.ADD);
    List<String> done = new ArrayList<>();
    try {
      ProjectConfig.Server server = config.server();
      run(host, Command.of("mkdir", "-p", "--", server.cleanupDir())).requireSuccess();
      List<String> created = new ArrayList<>(lines(spec.property(MountKind.CREATED)));
      String distribution = spec.property(MountKind.DISTRIBUTION).orElse("");
      if (present.contains(MountKind.EDITABLE)) {
        done.add("already mounted (pip editable)");
      } else {
        List<String> argv = new ArrayList<>(List.of(server.python(), "-m", "pip", "install"));
        argv.addAll(server.pipInstallOptions());
        argv.addAll(List.of("-e", project.source()));
        run(host, Command.of(argv).withTimeout(PIP_TIMEOUT)).requireSuccess();
        done.add(Command.of(argv).display());
      }
      for (ProjectConfig.BindMount mount : project.mounts()) {
        if (present.contains(MountKind.MOUNT + mount.target())) {
          done.add("bind mount already present: " + mount.target());
          continue;
        }
        // A missing target is made like its source (a file or a folder) and noted for clean.
        CommandResult made = run(host, Command.of("sh", "-c",
            "[ -e \"$2\" ] && exit 3; mkdir -p -- \"${2%/*}\" && if [ -d \"$1\" ]; then mkdir -- \"$2\"; else : > \"$2\"; fi",
            "sh", mount.source(), mount.target()));
        if (made.exitCode() == 0) {
          created.add(mount.target());
        } else if (made.exitCode() != 3) {
          made.requireSuccess();
        }
        Command bind = Command.of("mount", "--bind", mount.source(), mount.target());
        run(host, bind).requireSuccess();
        done.add(bind.display());
      }
      if (distribution.isEmpty()) {
        Observation after = probe.observe(host);
        distribution = after.find(key).flatMap(s -> Optional.ofNullable(s.attributes().get(MountKind.DISTRIBUTION))).orElse("");
      }
      Cleanup cleanup = new Cleanup(config.client(), project.mounts().stream().map(ProjectConfig.BindMount::target).toList(),
          created, distribution.isEmpty() ? Optional.empty() : Optional.of(distribution));
      run(host, Command.of("sh", "-c", "umask 077 && cat > \"$1.tmp\" && mv -f -- \"$1.tmp\" \"$1\"", "sh", cleanupFile(key.name()))
          .withStdin(cleanup.text())).requireSuccess();
      Map<String, String> attributes = new HashMap<>();
      attributes.put(MountKind.SOURCE_PATH, project.source());
      attributes.put(MountKind.DISTRIBUTION, distribution);
      attributes.put(MountKind.PARTS, String.join(",", kind.expectedParts(key.name())));
      attributes.put(RecordAttributes.PENDING_ACTION, "");
      store.updateAttributes(key, attributes);
      context.move(store.get(key), ProjectLifecycle.MOUNTED, "mount: done by " + config.client());
      return "mounted " + key.name() + ": " + String.join("; ", done);
    } catch (StewardException e) {
      throw new MountException("mounting " + key.name() + " on " + host + " failed half way; it stays MOUNTING in local state"
          + " ('drift show' tells what is there; 'drift mount' again finishes it): " + e.getMessage(), e);
    }
  }

  private String cleanupFile(String project) {
    return config.server().cleanupDir() + "/" + project + ".cleanup";
  }

  private CommandResult run(String host, Command command) {
    return transport.run(host, command);
  }

  private static List<String> lines(Optional<String> text) {
    return text.filter(t -> !t.isEmpty()).map(t -> List.of(t.split("\n"))).orElse(List.of());
  }
}
