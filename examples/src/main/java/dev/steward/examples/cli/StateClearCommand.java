package dev.steward.examples.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.steward.ResourceKey;
import dev.steward.ResourceRecord;
import dev.steward.StateStore;
import java.io.PrintWriter;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code steward state clear KEY}: deletes one record. */
@Command(
    name = "clear",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {"Deletes one record and its history, e.g. one whose resource is gone for good.",
        "A key that is not there prints 'not found: KEY' and exits 0."})
final class StateClearCommand extends StateSubcommand {
  @Parameters(paramLabel = "KEY", converter = StateOptions.KeyConverter.class,
      description = "The record's key, kind/name@host, e.g. node/web-1@local.")
  ResourceKey key;

  @Option(names = "--dry-run", description = "Prints what would be deleted and deletes nothing.")
  boolean dryRun;

  @Option(names = "--json", description = "Prints {\"key\", \"found\", \"dry_run\", \"deleted\", \"state\", \"version\"}.")
  boolean json;

  @Override
  public Integer call() {
    Optional<ResourceRecord> record;
    boolean deleted = false;
    try (StoreChoice.Opened opened = openStore()) {
      StateStore store = opened.store();
      record = store.find(key);
      if (record.isPresent() && !dryRun) {
        deleted = store.delete(key);
      }
    }
    PrintWriter out = out();
    if (json) {
      ObjectNode document = JSON.createObjectNode();
      document.put("key", key.toString());
      document.put("found", record.isPresent());
      document.put("dry_run", dryRun);
      document.put("deleted", deleted);
      record.ifPresent(r -> document.put("state", r.state()).put("version", r.version()));
      printJson(document);
    } else if (record.isEmpty()) {
      out.println("not found: " + key);
    } else if (dryRun) {
      out.println("Would delete " + key + " (" + record.get().state() + ", version " + record.get().version() + ").");
      out.println("Nothing was changed (--dry-run).");
    } else if (deleted) {
      out.println("Deleted " + key + " (was " + record.get().state() + ", version " + record.get().version() + ").");
    } else {
      out.println("not found: " + key + " (another process deleted it first)");
    }
    out.flush();
    return ExitCodes.OK;
  }
}
