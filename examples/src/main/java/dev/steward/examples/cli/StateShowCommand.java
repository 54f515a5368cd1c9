package dev.steward.examples.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.steward.Failures;
import dev.steward.ResourceKey;
import dev.steward.ResourceRecord;
import dev.steward.Transition;
import dev.steward.StateStore;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code steward state show KEY}: every field of one record. */
@Command(
    name = "show",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {"Shows every field of one record.",
        "Lifecycle, state, reason, version, times, spec, attributes, failure bookkeeping and checkpoints.",
        "A key that is not there exits 1."})
final class StateShowCommand extends StateSubcommand {
  @Parameters(paramLabel = "KEY", converter = StateOptions.KeyConverter.class,
      description = "The record's key, kind/name@host, e.g. node/web-1@local.")
  ResourceKey key;

  @Option(names = "--json", description = "Prints the record as JSON, with its history under \"history\".")
  boolean json;

  @Override
  public Integer call() {
    ResourceRecord record;
    List<Transition> history;
    try (StoreChoice.Opened opened = openStore()) {
      StateStore store = opened.store();
      Optional<ResourceRecord> found = store.find(key);
      if (found.isEmpty()) {
        throw new CommandFailure("not found: " + key);
      }
      record = found.get();
      history = store.history(key);
    }
    PrintWriter out = out();
    if (json) {
      ObjectNode document = recordJson(record);
      ArrayNode transitions = document.putArray("history");
      history.forEach(t -> transitions.add(transitionJson(t)));
      printJson(document);
      out.flush();
      return ExitCodes.OK;
    }
    field(out, "key", record.key().toString());
    field(out, "lifecycle", record.lifecycle());
    field(out, "state", record.state());
    field(out, "reason", record.reason().isEmpty() ? "-" : record.reason());
    field(out, "version", String.valueOf(record.version()));
    field(out, "created", record.createdAt().toString());
    field(out, "updated", record.updatedAt().toString());
    if (record.spec().isEmpty()) {
      field(out, "spec", "(none)");
    } else {
      map(out, "spec", record.spec().get().properties(), "(no properties)");
    }
    map(out, "attributes", record.attributes(), "(none)");
    Failures failures = record.failures();
    if (!failures.isFailing()) {
      field(out, "failures", "none");
    } else {
      field(out, "failures", failures.attempts() + " failed " + (failures.attempts() == 1 ? "attempt" : "attempts in a row"));
      field(out, "", "first at " + failures.firstFailureAt().map(Instant::toString).orElse("-"));
      field(out, "", "last at  " + failures.lastFailureAt().map(Instant::toString).orElse("-"));
      field(out, "", "last error " + failures.lastErrorType() + ": " + failures.lastErrorMessage());
    }
    Map<String, String> checkpoints = new java.util.LinkedHashMap<>();
    record.checkpoints().forEach((stage, at) -> checkpoints.put(stage, at.toString()));
    map(out, "checkpoints", checkpoints, "(none)");
    field(out, "history", plural(history.size(), "transition") + " kept; see 'steward state history " + key + " " + storeOptions() + "'");
    out.flush();
    return ExitCodes.OK;
  }

  private static void field(PrintWriter out, String name, String value) {
    out.printf("%-12s %s%n", name, value).flush();
  }

  private static void map(PrintWriter out, String name, Map<String, String> values, String none) {
    if (values.isEmpty()) {
      field(out, name, none);
      return;
    }
    String label = name;
    for (Map.Entry<String, String> entry : values.entrySet()) {
      field(out, label, entry.getKey() + " = " + entry.getValue());
      label = "";
    }
  }
}
