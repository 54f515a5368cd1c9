package dev.steward.examples.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.steward.CoreSettings;
import dev.steward.ResourceKey;
import dev.steward.ResourceRecord;
import dev.steward.Lifecycle;
import dev.steward.store.FileStateStore;
import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code steward state retry KEY}: forgets a record's failures so its owner tries again from zero. */
@Command(
    name = "retry",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {"Resets the failure bookkeeping of one record, so its owner stops backing off and tries again.",
        "Attempts go back to 0. It does not move the record: when it is in FAILED, this says which",
        "states its lifecycle allows next, and the owner makes that move. A key that is not there prints",
        "'not found: KEY' and exits 0."})
final class StateRetryCommand extends StateSubcommand {
  private static final String FAILED = "FAILED";

  @Parameters(paramLabel = "KEY", converter = StateOptions.KeyConverter.class,
      description = "The record's key, kind/name@host, e.g. item/ubuntu-24.04.iso@local.")
  ResourceKey key;

  @Option(names = "--dry-run", description = "Prints what would change and changes nothing.")
  boolean dryRun;

  @Option(names = "--json", description = "Prints {\"key\", \"found\", \"dry_run\", \"changed\", \"attempts_before\", "
      + "\"attempts_after\", \"state\", \"retry_targets\"}.")
  boolean json;

  @Override
  public Integer call() {
    Optional<ResourceRecord> before;
    Optional<ResourceRecord> after;
    try (FileStateStore store = openExisting()) {
      before = store.find(key);
      after = before.isEmpty() || dryRun ? before : Optional.of(store.resetFailures(key));
    }
    List<String> retryTargets = before.map(this::retryTargets).orElse(List.of());
    int attemptsBefore = before.map(r -> r.failures().attempts()).orElse(0);
    boolean changes = attemptsBefore > 0;
    PrintWriter out = out();
    if (json) {
      ObjectNode document = JSON.createObjectNode();
      document.put("key", key.toString());
      document.put("found", before.isPresent());
      document.put("dry_run", dryRun);
      document.put("changed", changes && !dryRun);
      if (before.isPresent()) {
        document.put("attempts_before", attemptsBefore);
        document.put("attempts_after", dryRun ? attemptsBefore : after.get().failures().attempts());
        document.put("state", before.get().state());
        ArrayNode targets = document.putArray("retry_targets");
        retryTargets.forEach(targets::add);
      }
      printJson(document);
    } else if (before.isEmpty()) {
      out.println("not found: " + key);
    } else {
      ResourceRecord record = before.get();
      if (!changes) {
        out.println(key + " has no failures to reset (attempts 0, version " + record.version() + "); nothing changed.");
      } else if (dryRun) {
        out.println("Would reset the failures of " + key + ": attempts " + attemptsBefore + " -> 0 (last error "
            + record.failures().lastErrorType() + ": " + record.failures().lastErrorMessage() + ").");
        out.println("Nothing was changed (--dry-run).");
      } else {
        out.println("Reset the failures of " + key + ": attempts " + attemptsBefore + " -> " + after.get().failures().attempts()
            + ", version " + record.version() + " -> " + after.get().version() + ".");
      }
      if (record.state().equals(FAILED)) {
        out.println(retryTargets.isEmpty()
            ? "It is in FAILED, and lifecycle '" + record.lifecycle() + "' is not known here or allows no move from it."
            : "It is in FAILED; lifecycle '" + record.lifecycle() + "' lets it move to " + String.join(", ", retryTargets)
                + " to try again. The program that owns it makes that move.");
      }
    }
    out.flush();
    return ExitCodes.OK;
  }

  /** Where a FAILED record may go next, per its lifecycle; empty for a record not in FAILED. */
  private List<String> retryTargets(ResourceRecord record) {
    if (!record.state().equals(FAILED)) {
      return List.of();
    }
    Optional<Lifecycle> lifecycle = settings().get(CoreSettings.LIFECYCLES).find(record.lifecycle());
    return lifecycle.map(table -> List.copyOf(table.allowedTargets(FAILED))).orElse(List.of());
  }
}
