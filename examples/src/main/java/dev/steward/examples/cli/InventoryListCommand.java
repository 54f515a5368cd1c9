package dev.steward.examples.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.steward.ResourceRecord;
import dev.steward.examples.inventory.ChangeText;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code steward inventory list}: the inventory's records. */
@Command(
    name = "list",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {"Lists the inventory's records.",
        "Lists the inventory's records, ordered by key: KEY, STATE (PRESENT, UNKNOWN",
        "when it could not be seen, REMOVED while its removal is remembered), NODE,",
        "NAME, UPDATED, REASON. --json prints every field."})
final class InventoryListCommand extends InventorySubcommand {
  @Option(names = "--kind", paramLabel = "KIND", description = "Only this kind, e.g. pve-qemu.")
  String kind;

  @Option(names = "--state", paramLabel = "STATE", description = "Only records in this state: present, unknown or removed.")
  String state;

  @Override
  public Integer call() {
    List<ResourceRecord> records;
    try (StoreChoice.Opened opened = openExisting()) {
      records = opened.store().list().stream().filter(ChangeText::isInventory)
          .filter(r -> kind == null || r.key().kind().equals(kind))
          .filter(r -> state == null || r.state().equals(state.toUpperCase(Locale.ROOT)))
          .toList();
    }
    if (json) {
      ObjectNode document = StateSubcommand.JSON.createObjectNode();
      describeStore(document);
      ArrayNode array = document.putArray("records");
      records.forEach(r -> array.add(StateSubcommand.recordJson(r)));
      printJson(document);
    } else if (records.isEmpty()) {
      out().println("No inventory record" + (kind != null || state != null ? " matches" : "") + " in " + where() + ".");
    } else {
      ChangeText.printRecords(records, out());
      out().println();
      out().println(StateSubcommand.plural(records.size(), "record") + " in " + where() + ".");
    }
    out().flush();
    return ExitCodes.OK;
  }
}
