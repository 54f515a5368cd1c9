package dev.steward.examples.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.steward.CoreSettings;
import dev.steward.Lifecycles;
import dev.steward.ResourceRecord;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * {@code steward state list}: with no option, how many records are in each state and the most
 * recently updated ones; with filters, the matching records ordered by key.
 */
@Command(
    name = "list",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
        "Shows the record count per state and the latest records, or those filtered.",
        "With no option: how many records each lifecycle state holds, then the 20",
        "most recently updated records. With --status, --failed, --processed, --where,",
        "--limit or --all: the matching records, ordered by key: KEY, LIFECYCLE, STATE,",
        "VERSION, UPDATED, ATTEMPTS (failed in a row), REASON."})
final class StateListCommand extends StateSubcommand {
  /** How many records the overview shows. */
  static final int RECENT = 20;

  @Option(names = "--status", paramLabel = "STATE", description = "Only records in this lifecycle state, e.g. FAILED.")
  String status;

  @Option(names = "--failed", description = "Only records with failures counted (ATTEMPTS > 0).")
  boolean failed;

  @Option(names = "--processed", description = "Only records that are done: in a terminal state of their lifecycle (COMPLETE, REMOVED, ...).")
  boolean processed;

  @Option(names = "--where", paramLabel = "NAME=VALUE",
      description = "Only records whose attribute NAME is VALUE, e.g. --where sha256=9f86d08... Repeatable: all must hold.")
  List<String> where = new ArrayList<>();

  @Option(names = "--limit", paramLabel = "N", description = "At most N records, the first by key.")
  Integer limit;

  @Option(names = "--all", description = "Every record, ordered by key (the overview's counts left out).")
  boolean all;

  @Option(names = "--json", description = "Prints {\"store\": \"file\" or \"postgres\", \"directory\": ... (file store), \"total\": N, \"counts\": {LIFECYCLE: {STATE: N}}, "
      + "\"records\": [record, ...]}, the records matching the filters (all with none), each with every field.")
  boolean json;

  @Override
  public Integer call() {
    if (limit != null && limit < 1) {
      throw new ParameterException(spec.commandLine(), "--limit must be at least 1, got " + limit);
    }
    Map<String, String> attributes = new LinkedHashMap<>();
    for (String condition : where) {
      int equals = condition.indexOf('=');
      if (equals < 1) {
        throw new ParameterException(spec.commandLine(), "--where takes NAME=VALUE, e.g. --where sha256=9f86d08..., not '" + condition + "'");
      }
      attributes.put(condition.substring(0, equals), condition.substring(equals + 1));
    }
    List<ResourceRecord> records;
    try (StoreChoice.Opened opened = openStore()) {
      records = opened.store().list();
    }
    Lifecycles lifecycles = settings().get(CoreSettings.LIFECYCLES);
    Predicate<ResourceRecord> filter = r -> (status == null || r.state().equals(status.toUpperCase(Locale.ROOT)))
        && (!failed || r.failures().isFailing())
        && (!processed || lifecycles.find(r.lifecycle()).map(l -> l.isTerminal(r.state())).orElse(false))
        && attributes.entrySet().stream().allMatch(a -> r.attribute(a.getKey()).filter(a.getValue()::equals).isPresent());
    List<ResourceRecord> matching = records.stream().filter(filter).toList();
    List<ResourceRecord> shown = limit == null ? matching : matching.subList(0, Math.min(limit, matching.size()));
    boolean overview = status == null && !failed && !processed && attributes.isEmpty() && limit == null && !all;
    PrintWriter out = out();
    if (json) {
      ObjectNode document = JSON.createObjectNode();
      document.put("store", store.kind);
      if (!postgres()) {
        document.put("directory", directory().toString());
      }
      document.put("total", records.size());
      ObjectNode counts = document.putObject("counts");
      counts(records).forEach((lifecycle, states) -> {
        ObjectNode byState = counts.putObject(lifecycle);
        states.forEach(byState::put);
      });
      ArrayNode array = document.putArray("records");
      shown.forEach(r -> array.add(recordJson(r)));
      printJson(document);
    } else if (records.isEmpty()) {
      out.println("No records in " + where() + ".");
    } else if (overview) {
      printOverview(records, out);
    } else if (shown.isEmpty()) {
      out.println("No record matches; " + where() + " holds " + plural(records.size(), "record") + ".");
    } else {
      table(shown, out);
      out.println();
      out.println(shown.size() == records.size() ? plural(records.size(), "record") + " in " + where() + "."
          : shown.size() + " of " + plural(records.size(), "record") + " in " + where() + " shown.");
    }
    out.flush();
    return ExitCodes.OK;
  }

  private void printOverview(List<ResourceRecord> records, PrintWriter out) {
    TextTable counts = new TextTable("LIFECYCLE", "STATE", "RECORDS");
    counts(records).forEach((lifecycle, states) -> states.forEach((state, n) -> counts.row(lifecycle, state, String.valueOf(n))));
    counts.print(out);
    out.println();
    List<ResourceRecord> recent = records.stream()
        .sorted(Comparator.comparing(ResourceRecord::updatedAt).reversed().thenComparing(ResourceRecord::key))
        .limit(RECENT).toList();
    out.println(recent.size() == records.size() ? "Every record, the most recently updated first:"
        : "The " + RECENT + " most recently updated of " + plural(records.size(), "record") + " (--all lists every one):");
    table(recent, out);
    out.println();
    out.println(plural(records.size(), "record") + " in " + where() + ".");
  }

  /** Records per lifecycle and state, both in name order. */
  private static Map<String, Map<String, Integer>> counts(List<ResourceRecord> records) {
    Map<String, Map<String, Integer>> counts = new TreeMap<>();
    records.forEach(r -> counts.computeIfAbsent(r.lifecycle(), k -> new TreeMap<>()).merge(r.state(), 1, Integer::sum));
    return counts;
  }

  private static void table(List<ResourceRecord> records, PrintWriter out) {
    TextTable table = new TextTable("KEY", "LIFECYCLE", "STATE", "VERSION", "UPDATED", "ATTEMPTS", "REASON");
    for (ResourceRecord r : records) {
      table.row(r.key().toString(), r.lifecycle(), r.state(), String.valueOf(r.version()), shortTime(r.updatedAt()),
          String.valueOf(r.failures().attempts()), r.reason());
    }
    table.print(out);
  }
}
