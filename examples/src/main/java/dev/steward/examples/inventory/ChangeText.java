package dev.steward.examples.inventory;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.steward.InventoryLifecycle;
import dev.steward.ResourceChange;
import dev.steward.ResourceRecord;
import dev.steward.examples.cli.TextTable;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;

/**
 * Changes and inventory records as a person reads them (tables) and as a program does (JSON).
 * Long values are cut in tables, never in JSON. Stateless.
 */
public final class ChangeText {
  private static final ObjectMapper JSON = new ObjectMapper();
  /** The widest value a table shows of a field. */
  private static final int VALUE_WIDTH = 40;
  /** The fields an ADDED or REMOVED change shows in a table (all are in JSON). */
  private static final List<String> SUMMARY = List.of("name", "node", "state", "type", "maxmem", "status");

  private ChangeText() {}

  /** A table: AT, CHANGE, KEY, WHAT (each field of a CHANGED change as {@code name: old -> new}). */
  public static void printTable(List<ResourceChange> changes, PrintWriter out) {
    TextTable table = new TextTable("AT", "CHANGE", "KEY", "WHAT");
    for (ResourceChange c : changes) {
      table.row(time(c.at()), c.type().name().toLowerCase(Locale.ROOT), c.key().toString(), what(c));
    }
    table.print(out);
  }

  /** What a change did, in one line. */
  public static String what(ResourceChange change) {
    StringJoiner parts = new StringJoiner("; ");
    if (change.type() == ResourceChange.Type.CHANGED) {
      change.fields().forEach((name, f) -> parts.add(name + ": " + value(f.before().orElse("(none)")) + " -> "
          + value(f.after().orElse("(none)"))));
    } else {
      for (String name : SUMMARY) {
        ResourceChange.FieldChange f = change.fields().get(name);
        if (f != null) {
          parts.add(name + "=" + value(change.type() == ResourceChange.Type.ADDED ? f.after().orElse("") : f.before().orElse("")));
        }
      }
      parts.add(change.fields().size() + " fields");
    }
    return parts.toString();
  }

  /** One change as JSON: {@code {"at","type","key","fields":{NAME:{"before","after"}}}}, absent values null. */
  public static ObjectNode json(ResourceChange change) {
    ObjectNode node = JSON.createObjectNode();
    node.put("at", change.at().toString());
    node.put("type", change.type().name());
    node.put("key", change.key().toString());
    ObjectNode fields = node.putObject("fields");
    change.fields().forEach((name, f) -> {
      ObjectNode field = fields.putObject(name);
      field.put("before", f.before().orElse(null));
      field.put("after", f.after().orElse(null));
    });
    return node;
  }

  /** A table of inventory records: KEY, STATE, NODE, NAME, UPDATED, REASON. */
  public static void printRecords(List<ResourceRecord> records, PrintWriter out) {
    TextTable table = new TextTable("KEY", "STATE", "NODE", "NAME", "UPDATED", "REASON");
    for (ResourceRecord r : records) {
      Map<String, String> a = r.attributes();
      table.row(r.key().toString(), r.state(), a.getOrDefault("node", ""), value(a.getOrDefault("name", a.getOrDefault("type", ""))),
          time(r.updatedAt()), r.reason());
    }
    table.print(out);
  }

  /** Whether a record is one an inventory keeps (the {@code inventory} lifecycle). */
  public static boolean isInventory(ResourceRecord record) {
    return record.lifecycle().equals(InventoryLifecycle.LIFECYCLE.name());
  }

  /** Seconds are enough in a table. */
  public static String time(Instant at) {
    return DateTimeFormatter.ISO_INSTANT.format(at.truncatedTo(ChronoUnit.SECONDS));
  }

  private static String value(String text) {
    StringBuilder b = new StringBuilder(text.length());
    text.codePoints().forEach(c -> {
      if (c == '\n') {
        b.append("\\n");
      } else {
        b.appendCodePoint(Character.isISOControl(c) ? '?' : c);
      }
    });
    String printable = b.toString();
    return printable.length() <= VALUE_WIDTH ? printable : printable.substring(0, VALUE_WIDTH - 3) + "...";
  }
}
