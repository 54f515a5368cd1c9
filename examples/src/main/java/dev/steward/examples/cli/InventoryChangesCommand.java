package dev.steward.examples.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.steward.ChangeQuery;
import dev.steward.CoreSettings;
import dev.steward.ResourceChange;
import dev.steward.ResourceKey;
import dev.steward.examples.inventory.ChangeText;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.TypeConversionException;

/** {@code steward inventory changes}: the store's change feed. */
@Command(
    name = "changes",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {"Lists the changes the state directory keeps.",
        "Lists the changes the state directory keeps, oldest first: AT, CHANGE (added,",
        "changed, removed), KEY, WHAT (for a change: each field, old -> new).",
        "--json prints every field with its old and new value."})
final class InventoryChangesCommand extends InventorySubcommand {
  /** {@code added}, {@code changed} or {@code removed}, in any case. */
  static final class TypeConverter implements ITypeConverter<ResourceChange.Type> {
    @Override
    public ResourceChange.Type convert(String value) {
      try {
        return ResourceChange.Type.valueOf(value.strip().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException("'" + value + "' is not one of added, changed, removed");
      }
    }
  }

  @Option(names = "--since", paramLabel = "AGE", converter = StateOptions.DurationConverter.class,
      description = "Only changes within this long, e.g. 1h, 7d, 30m.")
  Duration since;

  @Option(names = "--resource", paramLabel = "KEY", converter = StateOptions.KeyConverter.class,
      description = "Only the changes of this resource, e.g. pve-qemu/100@pve1.lan.")
  ResourceKey resource;

  @Option(names = "--kind", paramLabel = "KIND", description = "Only the changes of this kind, e.g. pve-lxc.")
  String kind;

  @Option(names = "--type", paramLabel = "CHANGE", converter = TypeConverter.class,
      description = "Only changes of this type: added, changed or removed.")
  ResourceChange.Type type;

  @Option(names = "--limit", paramLabel = "N", description = "At most the newest N.")
  Integer limit;

  @Override
  public Integer call() {
    if (limit != null && limit < 1) {
      throw new ParameterException(spec.commandLine(), "--limit must be at least 1, got " + limit);
    }
    ChangeQuery query = ChangeQuery.all();
    if (since != null) {
      query = query.since(settings().get(CoreSettings.CLOCK).instant().minus(since));
    }
    if (resource != null) {
      query = query.resource(resource);
    }
    if (kind != null) {
      query = query.kind(kind);
    }
    if (type != null) {
      query = query.types(type);
    }
    if (limit != null) {
      query = query.limit(limit);
    }
    List<ResourceChange> changes;
    try (StoreChoice.Opened opened = openExisting()) {
      changes = opened.store().changes(query);
    }
    if (json) {
      ObjectNode document = StateSubcommand.JSON.createObjectNode();
      describeStore(document);
      ArrayNode array = document.putArray("changes");
      changes.forEach(c -> array.add(ChangeText.json(c)));
      printJson(document);
    } else if (changes.isEmpty()) {
      out().println("No change" + (since != null || resource != null || kind != null || type != null ? " matches" : "")
          + " in " + where() + ".");
    } else {
      ChangeText.printTable(changes, out());
      out().println();
      out().println(StateSubcommand.plural(changes.size(), "change") + ".");
    }
    out().flush();
    return ExitCodes.OK;
  }
}
