package dev.steward.examples.cli;

import dev.steward.Settings;
import dev.steward.proxmox.DiscoveryOptions;
import dev.steward.proxmox.DiscoveryResult;
import dev.steward.proxmox.ProxmoxClient;
import dev.steward.proxmox.ProxmoxDiscovery;
import dev.steward.proxmox.ProxmoxException;
import dev.steward.proxmox.ProxmoxSettings;
import dev.steward.proxmox.ResourceType;
import java.io.PrintWriter;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code steward proxmox discover}: one discovery of the cluster the settings name, printed as a
 * table per type (or one JSON document), the failures, and a summary. Not thread-safe: one instance
 * per command line.
 */
@Command(
    name = "discover",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
        "Reads the cluster once and prints a table per type.",
        "  node        NAME STATUS CPU MEM UPTIME",
        "  vm, lxc     VMID NAME NODE STATUS MEM",
        "  storage     NAME NODE TYPE CONTENT USED/TOTAL",
        "  task        UPID NODE TYPE ID USER STATUS START",
        "then a line per failure (type, node, why) and a summary: server, version,",
        "requests made, time. A node that is down is not asked: its guests show as",
        "unknown, not gone, and a failure line names it.",
        "Needs steward.proxmox.url; steward.proxmox.token-id with",
        "steward.proxmox.token-secret-file (or STEWARD_PROXMOX_TOKEN_SECRET), or",
        "steward.proxmox.user with steward.proxmox.password-file (or",
        "STEWARD_PROXMOX_PASSWORD); and steward.proxmox.fingerprint for a certificate",
        "no trust store vouches for. 'steward proxmox --help' says more.",
        "Exits 1 when the cluster cannot be read at all: the server does not answer,",
        "its certificate is not trusted (the message prints its fingerprint and the",
        "setting that pins it), or it refuses the credentials."})
final class ProxmoxDiscoverCommand implements Callable<Integer> {
  /** What {@code --type} may name; each is one table. */
  enum Shown {
    NODE("node", ResourceType.NODES),
    VM("vm", ResourceType.GUESTS),
    LXC("lxc", ResourceType.GUESTS),
    STORAGE("storage", ResourceType.STORAGE),
    TASK("task", ResourceType.TASKS);

    final String word;
    final ResourceType read;

    Shown(String word, ResourceType read) {
      this.word = word;
      this.read = read;
    }
  }

  /** Accepts the words of {@link Shown}, in any case. */
  static final class ShownConverter implements ITypeConverter<Shown> {
    @Override
    public Shown convert(String value) {
      for (Shown shown : Shown.values()) {
        if (shown.word.equals(value.strip().toLowerCase(Locale.ROOT))) {
          return shown;
        }
      }
      throw new TypeConversionException("'" + value + "' is not one of node, vm, lxc, storage, task");
    }
  }

  @ParentCommand
  ProxmoxCommand proxmox;

  @Spec
  CommandSpec spec;

  @Option(names = "--type", paramLabel = "TYPE", converter = ShownConverter.class,
      description = "Only this type: node, vm, lxc, storage or task (only it is read).")
  Shown type;

  @Option(names = "--node", paramLabel = "N", description = "Only what is on node N (only its lists are read).")
  String node;

  @Option(names = "--json", description = "Prints one JSON document with the same content instead of tables.")
  boolean json;

  @Override
  public Integer call() {
    Settings settings = proxmox.root.settings();
    ProxmoxClient client = ProxmoxClient.fromSettings(settings);
    Set<Shown> shown = type == null ? EnumSet.allOf(Shown.class) : EnumSet.of(type);
    DiscoveryResult result;
    try {
      result = new ProxmoxDiscovery(client).discover(options(settings, shown));
    } catch (ProxmoxException e) {
      // The client's messages are whole sentences that name the server and never a secret.
      throw new CommandFailure(e.getMessage(), e);
    }
    DiscoveryReport report = new DiscoveryReport(result, shown, Optional.ofNullable(node));
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      report.printJson(out);
    } else {
      report.printTables(out);
    }
    out.flush();
    return ExitCodes.OK;
  }

  /** Reads what the tables show and no more: no configs, storage content or task logs. */
  private DiscoveryOptions options(Settings settings, Set<Shown> shown) {
    Set<ResourceType> types = EnumSet.noneOf(ResourceType.class);
    shown.forEach(s -> types.add(s.read));
    DiscoveryOptions options = DiscoveryOptions.defaults().withTypes(types)
        .withTasks(settings.get(ProxmoxSettings.TASK_PAGE_SIZE), settings.get(ProxmoxSettings.TASKS_PER_NODE),
            settings.get(ProxmoxSettings.TASK_MAX_AGE));
    return node == null ? options : options.withNodes(Set.of(node));
  }
}
