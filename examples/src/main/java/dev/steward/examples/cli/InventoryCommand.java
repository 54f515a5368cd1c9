package dev.steward.examples.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code steward inventory SUBCOMMAND}: a Proxmox cluster's inventory in a state directory, and its change feed. */
@Command(
    name = "inventory",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {"Keeps a Proxmox VE cluster's inventory with a history of changes.",
        "Keeps what a Proxmox VE cluster holds in a state directory, with a history",
        "of every change: 'sync' reads the cluster (settings as for 'steward proxmox')",
        "and records each resource added, removed, or which fields changed, old and",
        "new value, and when; 'list' shows the records, 'changes' the history.",
        "A guest that is on a node that is down is UNKNOWN, not removed. How long",
        "changes are kept: steward.store.change-retention (30d) and",
        "steward.store.change-limit (100 per resource)."},
    subcommands = {InventorySyncCommand.class, InventoryListCommand.class, InventoryChangesCommand.class},
    synopsisSubcommandLabel = "COMMAND")
public final class InventoryCommand implements Callable<Integer> {
  @ParentCommand
  StewardCommand root;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    return MissingSubcommand.explain(spec, ", e.g. 'steward inventory sync --dir DIR'");
  }
}
