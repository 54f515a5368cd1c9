package dev.steward.internal.store.file;

import dev.steward.Lifecycles;
import dev.steward.ResourceKey;
import dev.steward.ResourceRecord;
import dev.steward.store.ImportRefusedException;
import dev.steward.store.StoreCorruptedException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.OptionalLong;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The one document the whole state moves in between stores ({@code StateStore.exportState} and
 * {@code importState}): the file store's snapshot of the current schema, so a file store's export
 * imports into the postgres store and back. Reading takes any schema version the file store reads
 * and checks the document whole; {@link #importedSerial} is the lineage and serial rule every store
 * applies. Public only for {@code FileStateStore} and the postgres store, to which alone core
 * exports it. Stateless and thread-safe.
 */
public final class StateExchange {
  private StateExchange() {}

  /**
   * A document read and checked: its lineage, its serial and every record with its history and
   * kept changes, by key.
   */
  public record Contents(String lineage, long serial, SortedMap<ResourceKey, StoredEntry> entries) {
    public Contents {
      entries = Collections.unmodifiableSortedMap(new TreeMap<>(entries));
    }
  }

  /** Writes a document of the current schema with {@code entries} (in key order) to {@code out}; does not close it. */
  public static void write(String lineage, long serial, SortedMap<ResourceKey, StoredEntry> entries, OutputStream out)
      throws IOException {
    out.write(StateDocument.writeSlices(lineage, serial, StoreMemory.encodedRecords(entries)));
    out.flush();
  }

  /**
   * Reads a document of any known schema version from {@code in} (to its end; not closed) and
   * decodes every record, so a bad one is found before anything is changed.
   *
   * @throws ImportRefusedException when it is not a valid state, or holds a record whose lifecycle
   *     or state {@code lifecycles} does not know (the message names what is wrong)
   * @throws dev.steward.migration.UnsupportedSchemaVersionException for a newer schema
   */
  public static Contents read(InputStream in, Lifecycles lifecycles) throws IOException {
    StateDocument.Decoded parsed;
    try {
      parsed = StateDocument.readDecoded(in.readAllBytes());
      for (StoredEntry entry : parsed.entries().values()) {
        entry.history(); // decodes the record and its history now, not after the old state is gone
        entry.changes();
      }
    } catch (IllegalArgumentException | StoreCorruptedException e) {
      String problem = e.getMessage().endsWith(".") ? e.getMessage().substring(0, e.getMessage().length() - 1) : e.getMessage();
      throw new ImportRefusedException("The document is not a valid state: " + problem + ". Nothing was changed.");
    }
    List<String> unknown = new ArrayList<>();
    for (StoredEntry entry : parsed.entries().values()) {
      ResourceRecord r = entry.record();
      if (lifecycles.find(r.lifecycle()).map(table -> !table.contains(r.state())).orElse(true)) {
        unknown.add(r.key() + " (lifecycle '" + r.lifecycle() + "', state " + r.state() + ")");
      }
    }
    if (!unknown.isEmpty()) {
      throw new ImportRefusedException("The document holds records whose lifecycle or state this program does not know: "
          + String.join(", ", unknown.subList(0, Math.min(5, unknown.size())))
          + (unknown.size() > 5 ? " and " + (unknown.size() - 5) + " more" : "")
          + ". Nothing was changed. Register their lifecycles (Settings.builder().lifecycles(...)) before importing.");
    }
    return new Contents(parsed.lineage(), parsed.serial(), parsed.entries());
  }

  /** The state an import would replace, as the rule sees it. */
  public record Current(String where, String lineage, long serial, boolean empty) {
    /** A store nothing was ever committed to: it has nothing to lose and takes any state. */
    boolean fresh() {
      return serial == 0 && empty;
    }
  }

  /**
   * The serial a store takes when it imports {@code document} over {@code current}, or empty when
   * the document is a copy of the current state ({@code sameRecords} and the same lineage and
   * serial) and there is nothing to do.
   *
   * <p>Without {@code force}, a store that is not fresh refuses a document of another lineage, an
   * older serial, or the same serial with other records (the two diverged). A newer copy of the same
   * lineage, or anything into a fresh store, is taken as it is, serial included, so importing it
   * again is a no-op and a later export of the source is newer; anything else (forced) gets one
   * more than the larger of the two serials.
   *
   * @throws ImportRefusedException saying why and what to do; nothing was changed
   */
  public static OptionalLong importedSerial(Current current, Contents document, boolean sameRecords, boolean force) {
    boolean sameLineage = document.lineage().equals(current.lineage());
    if (sameLineage && document.serial() == current.serial() && sameRecords) {
      return OptionalLong.empty();
    }
    if (!force && !current.fresh()) {
      if (!sameLineage) {
        throw new ImportRefusedException("The document belongs to lineage " + document.lineage() + ", but " + current.where()
            + " holds lineage " + current.lineage() + ": it is another state, not a copy of this one. Nothing was changed."
            + " Import it with force to replace this state.");
      }
      if (document.serial() < current.serial()) {
        throw new ImportRefusedException("The document has serial " + document.serial() + ", older than serial " + current.serial()
            + " of " + current.where() + ": importing it would undo " + (current.serial() - document.serial())
            + " changes. Nothing was changed. Import it with force to go back anyway.");
      }
      if (document.serial() == current.serial()) {
        throw new ImportRefusedException("The document has the same serial (" + current.serial() + ") as " + current.where()
            + " but different records: the two diverged. Nothing was changed. Import it with force to keep the document's.");
      }
    }
    boolean exactCopy = current.fresh() || (sameLineage && document.serial() > current.serial());
    return OptionalLong.of(exactCopy ? document.serial() : Math.max(current.serial(), document.serial()) + 1);
  }
}
