package dev.steward.examples.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.steward.CoreSettings;
import dev.steward.ResourceRecord;
import dev.steward.Settings;
import dev.steward.Lifecycle;
import dev.steward.Lifecycles;
import dev.steward.StateStore;
import dev.steward.store.StalenessPolicy;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** {@code steward state prune}: deletes the records that match any of the criteria given. */
@Command(
    name = "prune",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
        "Deletes stale records, or those matching the criteria given.",
        "With no criterion: the records whose state needs a path (as their lifecycle",
        "declares, e.g. a STAGED pipeline item its staging_dir) that no longer exists",
        "on this machine. With criteria, every record that matches at least one:",
        "  --stale-only --require-path ATTR  records whose attribute ATTR names a path",
        "      that no longer exists on this machine (in every state but the terminal",
        "      ones). A record that does not record ATTR is left alone.",
        "  --terminal  records in a terminal state of their lifecycle (REMOVED,",
        "      COMPLETE, ...): finished for good.",
        "  --failed-older-than DURATION  records whose last failure is older than",
        "      DURATION (e.g. 7d, 12h), by the clock (steward.clock), not reset since.",
        "Each deleted record is printed with why. Try it with --dry-run first."})
final class StatePruneCommand extends StateSubcommand {
  @Option(names = "--stale-only", description = "Delete the records whose --require-path paths are gone.")
  boolean staleOnly;

  @Option(names = "--require-path", paramLabel = "ATTR",
      description = "An attribute that holds a path which must exist, e.g. staging_dir. Repeatable; used with --stale-only.")
  List<String> requiredPaths = new ArrayList<>();

  @Option(names = "--terminal", description = "Delete the records in a terminal state of their lifecycle.")
  boolean terminal;

  @Option(names = "--failed-older-than", paramLabel = "DURATION", converter = StateOptions.DurationConverter.class,
      description = "Delete the records whose last failure is older than this, e.g. 7d.")
  Duration failedOlderThan;

  /** The lifecycles' required paths, when no criterion was given. */
  private StalenessPolicy byLifecycles;

  @Option(names = "--dry-run", description = "Prints what would be deleted and deletes nothing.")
  boolean dryRun;

  @Option(names = "--json", description = "Prints {\"store\", \"directory\" (file store), \"dry_run\", \"records\": N, \"pruned\": [{\"key\", \"state\", \"version\", \"why\": [...]}]}.")
  boolean json;

  @Override
  public Integer call() {
    if (staleOnly && requiredPaths.isEmpty()) {
      throw new ParameterException(spec.commandLine(),
          "--stale-only needs at least one --require-path ATTR: the attributes whose paths must exist");
    }
    if (!staleOnly && !requiredPaths.isEmpty()) {
      throw new ParameterException(spec.commandLine(), "--require-path is used with --stale-only; add --stale-only");
    }
    Settings settings = settings();
    Lifecycles lifecycles = settings.get(CoreSettings.LIFECYCLES);
    if (!staleOnly && !terminal && failedOlderThan == null) {
      byLifecycles = StalenessPolicy.of(lifecycles).build();
      if (byLifecycles.isEmpty()) {
        throw new ParameterException(spec.commandLine(), "No lifecycle here declares a path its records need, so nothing can be "
            + "stale by default. Say what to prune: --stale-only --require-path ATTR, --terminal or --failed-older-than DURATION");
      }
    }
    Instant now = settings.get(CoreSettings.CLOCK).instant();
    Map<ResourceRecord, List<String>> pruned = new LinkedHashMap<>();
    List<ResourceRecord> all;
    try (StoreChoice.Opened opened = openStore()) {
      StateStore store = opened.store();
      all = store.list();
      for (ResourceRecord record : all) {
        List<String> why = reasons(record, lifecycles.find(record.lifecycle()), now);
        if (!why.isEmpty()) {
          pruned.put(record, why);
        }
      }
      if (!dryRun) {
        pruned.keySet().removeIf(record -> !store.delete(record.key()));
      }
    }
    print(all.size(), pruned);
    return ExitCodes.OK;
  }

  private List<String> reasons(ResourceRecord record, Optional<Lifecycle> lifecycle, Instant now) {
    List<String> why = new ArrayList<>();
    if (byLifecycles != null) {
      // A required attribute that was never recorded is nothing to check, as with --require-path.
      byLifecycles.findStale(List.of(record)).forEach(stale -> stale.missing().stream().filter(m -> !m.endsWith("(not recorded)"))
          .forEach(m -> why.add("stale: " + m + " is gone (needed in " + record.state() + ")")));
    }
    boolean isTerminal = lifecycle.map(table -> table.isTerminal(record.state())).orElse(false);
    if (staleOnly && !isTerminal) {
      List<String> recorded = requiredPaths.stream().filter(attribute -> record.attribute(attribute).isPresent()).toList();
      if (!recorded.isEmpty()) {
        StalenessPolicy policy = StalenessPolicy.builder()
            .require(record.lifecycle(), record.state(), recorded.toArray(String[]::new))
            .build();
        policy.findStale(List.of(record)).forEach(stale -> stale.missing().forEach(m -> why.add("stale: " + m + " is gone")));
      }
    }
    if (terminal && isTerminal) {
      why.add("terminal: " + record.state() + " ends lifecycle '" + record.lifecycle() + "'");
    }
    if (failedOlderThan != null && record.failures().lastFailureAt().isPresent()) {
      Instant last = record.failures().lastFailureAt().get();
      Duration age = Duration.between(last, now);
      if (age.compareTo(failedOlderThan) > 0) {
        why.add("failed: last failure at " + last + ", " + describe(age) + " ago (" + record.failures().attempts()
            + " attempts, " + record.failures().lastErrorType() + ")");
      }
    }
    return why;
  }

  private void print(int total, Map<ResourceRecord, List<String>> pruned) {
    PrintWriter out = out();
    if (json) {
      ObjectNode document = JSON.createObjectNode();
      document.put("store", store.kind);
      if (!postgres()) {
        document.put("directory", directory().toString());
      }
      document.put("dry_run", dryRun);
      document.put("records", total);
      ArrayNode list = document.putArray("pruned");
      pruned.forEach((record, why) -> {
        ObjectNode node = list.addObject().put("key", record.key().toString()).put("state", record.state())
            .put("version", record.version());
        ArrayNode reasons = node.putArray("why");
        why.forEach(reasons::add);
      });
      printJson(document);
    } else if (pruned.isEmpty()) {
      out.println("Nothing to prune: none of the " + plural(total, "record") + " in " + where() + " matches.");
    } else {
      TextTable table = new TextTable("KEY", "STATE", "VERSION", "WHY");
      pruned.forEach((record, why) -> table.row(record.key().toString(), record.state(), String.valueOf(record.version()),
          String.join("; ", why)));
      out.println((dryRun ? "Would delete " : "Deleted ") + plural(pruned.size(), "record") + " of " + total + ":");
      table.print(out);
      if (dryRun) {
        out.println("Nothing was changed (--dry-run).");
      }
    }
    out.flush();
  }

  /** Whole days, hours or minutes, whichever is the largest unit that fits. */
  private static String describe(Duration age) {
    if (age.toDays() > 0) {
      return plural((int) Math.min(Integer.MAX_VALUE, age.toDays()), "day");
    }
    if (age.toHours() > 0) {
      return plural((int) age.toHours(), "hour");
    }
    return plural((int) age.toMinutes(), "minute");
  }
}
