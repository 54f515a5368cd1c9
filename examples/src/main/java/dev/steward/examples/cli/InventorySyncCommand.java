package dev.steward.examples.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.steward.CoreSettings;
import dev.steward.ResourceChange;
import dev.steward.Settings;
import dev.steward.examples.inventory.ChangeText;
import dev.steward.proxmox.DiscoveryFailure;
import dev.steward.proxmox.DiscoveryOptions;
import dev.steward.proxmox.InventorySync;
import dev.steward.proxmox.ProxmoxClient;
import dev.steward.proxmox.ProxmoxDiscovery;
import dev.steward.proxmox.ProxmoxException;
import dev.steward.proxmox.ProxmoxInventory;
import dev.steward.proxmox.ProxmoxSettings;
import dev.steward.proxmox.ResourceType;
import java.io.PrintWriter;
import java.util.EnumSet;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code steward inventory sync}: one discovery of the cluster, written to the store's change feed. */
@Command(
    name = "sync",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {"Reads the cluster and records what changed since the last sync.",
        "Reads the cluster once and records what changed since the last sync: a",
        "line per change (AT, CHANGE, KEY, WHAT), the resources that could not be",
        "seen (their node is down: now UNKNOWN, not removed), the reads that failed,",
        "and a summary. Makes DIR when it does not exist (or writes to PostgreSQL",
        "with --store postgres).",
        "Keys are KIND/NAME@CLUSTER, CLUSTER the host of steward.proxmox.url:",
        "pve-node, pve-qemu, pve-lxc, pve-storage (NAME is NODE:STORAGE), pve-task.",
        "Needs the steward.proxmox.* settings 'steward proxmox --help' describes.",
        "Exits 1 when the cluster cannot be read at all; nothing is written then."})
final class InventorySyncCommand extends InventorySubcommand {
  @Option(names = "--type", paramLabel = "TYPE", converter = ProxmoxDiscoverCommand.ShownConverter.class,
      description = "Only this type: node, vm, lxc, storage or task (the others are left as they are).")
  ProxmoxDiscoverCommand.Shown type;

  @Override
  public Integer call() {
    Settings settings = settings();
    ProxmoxClient client = ProxmoxClient.fromSettings(settings);
    InventorySync sync;
    try (StoreChoice.Opened opened = openOrCreate()) {
      ProxmoxInventory inventory = ProxmoxInventory.of(new ProxmoxDiscovery(client), opened.store(), settings.get(CoreSettings.CLOCK),
          settings.get(CoreSettings.CHANGE_RETENTION));
      sync = inventory.sync(options(settings));
    } catch (ProxmoxException e) {
      throw new CommandFailure(e.getMessage() + " Nothing was written.", e);
    }
    if (json) {
      printJson(json(sync));
    } else {
      print(sync, out());
    }
    out().flush();
    return ExitCodes.OK;
  }

  private DiscoveryOptions options(Settings settings) {
    Set<ResourceType> types = type == null
        ? EnumSet.of(ResourceType.NODES, ResourceType.GUEST_CONFIGS, ResourceType.STORAGE_CONTENT, ResourceType.TASKS,
            ResourceType.TASK_LOGS)
        : EnumSet.of(type.read);
    return DiscoveryOptions.defaults().withTypes(types)
        .withTasks(settings.get(ProxmoxSettings.TASK_PAGE_SIZE), settings.get(ProxmoxSettings.TASKS_PER_NODE),
            settings.get(ProxmoxSettings.TASK_MAX_AGE));
  }

  /** The changes, what was not seen, what failed, and a summary line. */
  static void print(InventorySync sync, PrintWriter out) {
    if (!sync.changes().isEmpty()) {
      ChangeText.printTable(sync.changes(), out);
      out.println();
    }
    sync.unseen().forEach((key, why) -> out.println("unknown  " + key + "  " + why));
    for (DiscoveryFailure failure : sync.failures()) {
      out.println("failed   " + failure.describe());
    }
    out.println("Synced " + sync.cluster() + ": " + sync.count(ResourceChange.Type.ADDED) + " added, "
        + sync.count(ResourceChange.Type.CHANGED) + " changed, " + sync.count(ResourceChange.Type.REMOVED) + " removed, "
        + sync.unseen().size() + " unknown" + (sync.tasksForgotten() > 0 ? ", " + sync.tasksForgotten() + " old tasks forgotten" : "")
        + "; " + sync.requests().requests() + " requests in " + sync.took().toMillis() + " ms.");
  }

  private static ObjectNode json(InventorySync sync) {
    ObjectNode document = StateSubcommand.JSON.createObjectNode();
    document.put("cluster", sync.cluster());
    document.put("started_at", sync.startedAt().toString());
    document.put("took_ms", sync.took().toMillis());
    document.put("requests", sync.requests().requests());
    ArrayNode changes = document.putArray("changes");
    sync.changes().forEach(c -> changes.add(ChangeText.json(c)));
    ObjectNode unseen = document.putObject("unknown");
    sync.unseen().forEach((key, why) -> unseen.put(key.toString(), why));
    ArrayNode failures = document.putArray("failures");
    sync.failures().forEach(f -> failures.add(f.describe()));
    document.put("tasks_forgotten", sync.tasksForgotten());
    return document;
  }
}
