package dev.steward.examples.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.steward.ResourceRecord;
import dev.steward.store.FileStateStore;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** {@code steward state list}: the records, one line each, ordered by key. */
@Command(
    name = "list",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Lists the records, ordered by key: KEY, LIFECYCLE, STATE, VERSION, UPDATED, ATTEMPTS (failed in a row), REASON.")
final class StateListCommand extends StateSubcommand {
  @Option(names = "--status", paramLabel = "STATE", description = "Only records in this lifecycle state, e.g. FAILED.")
  String status;

  @Option(names = "--failed", description = "Only records with failures counted (ATTEMPTS > 0).")
  boolean failed;

  @Option(names = "--limit", paramLabel = "N", description = "At most N records, the first by key.")
  Integer limit;

  @Option(names = "--json", description = "Prints {\"directory\": ..., \"total\": N, \"records\": [record, ...]}, each record with every field.")
  boolean json;

  @Override
  public Integer call() {
    if (limit != null && limit < 1) {
      throw new ParameterException(spec.commandLine(), "--limit must be at least 1, got " + limit);
    }
    List<ResourceRecord> all;
    try (FileStateStore store = openExisting()) {
      all = store.list();
    }
    List<ResourceRecord> matching = all.stream()
        .filter(r -> status == null || r.state().equals(status.toUpperCase(Locale.ROOT)))
        .filter(r -> !failed || r.failures().isFailing())
        .collect(Collectors.toList());
    List<ResourceRecord> shown = limit == null ? matching : first(matching, limit);
    PrintWriter out = out();
    if (json) {
      ObjectNode document = JSON.createObjectNode();
      document.put("directory", directory().toString());
      document.put("total", all.size());
      ArrayNode records = document.putArray("records");
      shown.forEach(r -> records.add(recordJson(r)));
      printJson(document);
    } else if (shown.isEmpty()) {
      out.println(all.isEmpty() ? "No records in " + directory() + "."
          : "No record matches; " + directory() + " holds " + plural(all.size(), "record") + ".");
    } else {
      TextTable table = new TextTable("KEY", "LIFECYCLE", "STATE", "VERSION", "UPDATED", "ATTEMPTS", "REASON");
      for (ResourceRecord r : shown) {
        table.row(r.key().toString(), r.lifecycle(), r.state(), String.valueOf(r.version()), shortTime(r.updatedAt()),
            String.valueOf(r.failures().attempts()), r.reason());
      }
      table.print(out);
      out.println();
      out.println(shown.size() == all.size() ? plural(all.size(), "record") + " in " + directory() + "."
          : shown.size() + " of " + plural(all.size(), "record") + " in " + directory() + " shown.");
    }
    out.flush();
    return ExitCodes.OK;
  }
}
