package dev.steward.examples.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.steward.ResourceKey;
import dev.steward.Transition;
import dev.steward.StateStore;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code steward state history KEY}: the record's last transitions, oldest first. */
@Command(
    name = "history",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {"Lists the last transitions of one record, oldest first: AT, FROM, TO, REASON.",
        "The store keeps the last steward.store.history-limit of them. A key that is not there exits 1."})
final class StateHistoryCommand extends StateSubcommand {
  @Parameters(paramLabel = "KEY", converter = StateOptions.KeyConverter.class,
      description = "The record's key, kind/name@host, e.g. node/web-1@local.")
  ResourceKey key;

  @Option(names = "--json", description = "Prints {\"key\": ..., \"history\": [{\"at\", \"from\", \"to\", \"reason\"}, ...]}; from is null for the creation.")
  boolean json;

  @Override
  public Integer call() {
    List<Transition> history;
    try (StoreChoice.Opened opened = openStore()) {
      StateStore store = opened.store();
      if (store.find(key).isEmpty()) {
        throw new CommandFailure("not found: " + key);
      }
      history = store.history(key);
    }
    PrintWriter out = out();
    if (json) {
      ObjectNode document = JSON.createObjectNode();
      document.put("key", key.toString());
      ArrayNode transitions = document.putArray("history");
      history.forEach(t -> transitions.add(transitionJson(t)));
      printJson(document);
    } else {
      TextTable table = new TextTable("AT", "FROM", "TO", "REASON");
      for (Transition t : history) {
        table.row(t.at().toString(), t.from().orElse("(created)"), t.to(), t.reason());
      }
      table.print(out);
    }
    out.flush();
    return ExitCodes.OK;
  }
}
