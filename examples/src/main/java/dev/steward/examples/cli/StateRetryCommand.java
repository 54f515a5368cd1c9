package dev.steward.examples.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.steward.CoreSettings;
import dev.steward.Lifecycle;
import dev.steward.ResourceKey;
import dev.steward.ResourceRecord;
import dev.steward.StateStore;
import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code steward state retry KEY}: moves a failed record to the state its lifecycle names for a
 * retry and forgets its failures, so its owner tries again from zero.
 */
@Command(
    name = "retry",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
        "Retries a failed record and resets its failures.",
        "A record in a state its lifecycle retries from (FAILED) moves to the state",
        "the lifecycle names for a retry (node: PLANNED, pipeline: DISCOVERED), and",
        "its failure bookkeeping is reset (attempts back to 0). A record in another",
        "state only has its failures reset. Prints what it did. A key that is not",
        "there prints 'not found: KEY' and exits 0."})
final class StateRetryCommand extends StateSubcommand {
  private static final String REASON = "retried by an operator (steward state retry)";

  @Parameters(paramLabel = "KEY", converter = StateOptions.KeyConverter.class,
      description = "The record's key, kind/name@host, e.g. item/ubuntu-24.04.iso@local.")
  ResourceKey key;

  @Option(names = "--dry-run", description = "Prints what would change and changes nothing.")
  boolean dryRun;

  @Option(names = "--json", description = "Prints {\"key\", \"found\", \"dry_run\", \"changed\", \"state_before\", \"state_after\", "
      + "\"attempts_before\", \"attempts_after\", \"retry_targets\"}.")
  boolean json;

  @Override
  public Integer call() {
    Optional<ResourceRecord> before;
    Optional<ResourceRecord> after;
    Optional<String> target;
    try (StoreChoice.Opened opened = openStore()) {
      StateStore store = opened.store();
      before = store.find(key);
      target = before.flatMap(r -> lifecycle(r).flatMap(l -> l.retryTarget(r.state())));
      after = before;
      if (before.isPresent() && !dryRun) {
        if (target.isPresent()) {
          store.transition(key, target.get(), REASON);
        }
        after = Optional.of(store.resetFailures(key));
      }
    }
    int attemptsBefore = before.map(r -> r.failures().attempts()).orElse(0);
    boolean changes = attemptsBefore > 0 || target.isPresent();
    PrintWriter out = out();
    if (json) {
      ObjectNode document = JSON.createObjectNode();
      document.put("key", key.toString());
      document.put("found", before.isPresent());
      document.put("dry_run", dryRun);
      document.put("changed", changes && !dryRun);
      if (before.isPresent()) {
        document.put("state_before", before.get().state());
        document.put("state_after", dryRun ? target.orElse(before.get().state()) : after.get().state());
        document.put("attempts_before", attemptsBefore);
        document.put("attempts_after", dryRun ? 0 : after.get().failures().attempts());
        ArrayNode targets = document.putArray("retry_targets");
        lifecycle(before.get()).map(l -> List.copyOf(l.allowedTargets(before.get().state()))).orElse(List.of())
            .forEach(targets::add);
      }
      printJson(document);
    } else if (before.isEmpty()) {
      out.println("not found: " + key);
    } else {
      ResourceRecord record = before.get();
      String move = target.map(t -> record.state() + " -> " + t + ", ").orElse("");
      if (!changes) {
        out.println(key + " is in " + record.state() + ", which lifecycle '" + record.lifecycle()
            + "' does not retry from, and has no failures to reset (version " + record.version() + "); nothing changed.");
      } else if (dryRun) {
        out.println("Would retry " + key + ": " + move + "attempts " + attemptsBefore + " -> 0"
            + (attemptsBefore > 0 ? " (last error " + record.failures().lastErrorType() + ": " + record.failures().lastErrorMessage() + ")" : "")
            + ".");
        out.println("Nothing was changed (--dry-run).");
      } else {
        out.println("Retried " + key + ": " + move + "attempts " + attemptsBefore + " -> " + after.get().failures().attempts()
            + ", version " + record.version() + " -> " + after.get().version() + ".");
      }
      if (target.isEmpty() && record.state().equals("FAILED")) {
        List<String> allowed = lifecycle(record).map(l -> List.copyOf(l.allowedTargets(record.state()))).orElse(List.of());
        out.println(allowed.isEmpty()
            ? "It is in FAILED, and lifecycle '" + record.lifecycle() + "' is not known here or allows no move from it."
            : "It is in FAILED; lifecycle '" + record.lifecycle() + "' names no retry state, and lets it move to "
                + String.join(", ", allowed) + ". The program that owns it makes that move.");
      }
    }
    out.flush();
    return ExitCodes.OK;
  }

  private Optional<Lifecycle> lifecycle(ResourceRecord record) {
    return settings().get(CoreSettings.LIFECYCLES).find(record.lifecycle());
  }
}
