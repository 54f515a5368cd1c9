package dev.steward.internal.store.file;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.steward.ResourceKey;
import dev.steward.ResourceRecord;
import dev.steward.StewardException;
import dev.steward.Lifecycles;
import dev.steward.migration.UnsupportedSchemaVersionException;
import dev.steward.store.ImportRefusedException;
import dev.steward.store.StoreCorruptedException;
import dev.steward.store.StoreWriteException;
import dev.steward.store.VerifyReport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole state at once: verify (every file read again and checked, changing nothing), export
 * (one document of every record) and import (a document checked whole, then written as a new
 * snapshot, or refused with the reason and nothing changed). Kept apart from the commit path,
 * which never reads a file whole. Thread-safe: each operation holds the process lock throughout.
 */
final class VerifyImportExport {
  private static final Logger LOG = LoggerFactory.getLogger(VerifyImportExport.class);

  private final StoreMemory memory;
  private final Recovery recovery;
  private final StoreFiles files;
  private final Path path;
  private final Lifecycles lifecycles;

  VerifyImportExport(StoreMemory memory, Recovery recovery, Lifecycles lifecycles) {
    this.memory = memory;
    this.recovery = recovery;
    this.files = memory.files;
    this.path = memory.path;
    this.lifecycles = lifecycles;
  }

  /**
   * Checks the files of the state directory at {@code path} without loading them, so a directory
   * that {@link StateDirectory#open} refuses (a damaged journal) or would repair (a torn tail, an unusable
   * snapshot) can still be examined as it is. Writes nothing but the lock file (its pid).
   */
  static VerifyReport verifyWithoutOpening(Path path, Lifecycles lifecycles, Duration lockTimeout) {
    Path dir = path.toAbsolutePath().normalize();
    if (!Files.isDirectory(dir)) {
      return new VerifyReport(dir, 0, -1, 0, List.of(dir + (Files.exists(dir) ? " is not a directory" : " does not exist")));
    }
    try {
      ProcessLock lock = ProcessLock.of(dir.resolve(StoreFiles.LOCK));
      try {
        StoreMemory memory = new StoreMemory(new StoreFiles(dir, FileOps.DURABLE), lock, lockTimeout, Long.MAX_VALUE);
        return new VerifyImportExport(memory, new Recovery(memory), lifecycles).verify();
      } finally {
        lock.unref();
      }
    } catch (IOException e) {
      return new VerifyReport(dir, 0, -1, 0, List.of("cannot read " + dir + ": " + StoreFiles.describe(e)));
    }
  }

  ObjectNode export() {
    byte[] bytes;
    try (ProcessLock.Held held = memory.acquire()) {
      recovery.refresh();
      bytes = StateDocument.writeSlices(memory.lineage, memory.serial, StoreMemory.encodedRecords(memory.entries));
    } catch (IOException e) {
      throw new StewardException("Cannot read the state directory " + path + ": " + StoreFiles.describe(e), e);
    }
    try {
      return (ObjectNode) StateDocument.MAPPER.readTree(bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  void importDocument(JsonNode document, boolean force) {
    StateDocument.Decoded parsed;
    Map<ResourceKey, StoredEntry> imported;
    try {
      parsed = StateDocument.readDecoded(StateDocument.MAPPER.writeValueAsBytes(document));
      imported = parsed.entries();
      imported.values().forEach(StoredEntry::history); // an import is checked whole before anything changes
    } catch (IllegalArgumentException | StoreCorruptedException e) {
      throw new ImportRefusedException("The document is not a valid state: " + e.getMessage() + ". Nothing was changed.");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<String> unknown = new ArrayList<>();
    for (StoredEntry entry : imported.values()) {
      ResourceRecord r = entry.record();
      if (lifecycles.find(r.lifecycle()).map(table -> !table.contains(r.state())).orElse(true)) {
        unknown.add(r.key() + " (lifecycle '" + r.lifecycle() + "', state " + r.state() + ")");
      }
    }
    if (!unknown.isEmpty()) {
      throw new ImportRefusedException("The document holds records whose lifecycle or state this program does not know: "
          + String.join(", ", unknown.subList(0, Math.min(5, unknown.size()))) + (unknown.size() > 5 ? " and " + (unknown.size() - 5) + " more" : "")
          + ". Nothing was changed. Register their lifecycles (Settings.builder().lifecycles(...)) before importing.");
    }
    try (ProcessLock.Held held = memory.acquire()) {
      recovery.refresh();
      if (parsed.lineage().equals(memory.lineage) && parsed.serial() == memory.serial && imported.equals(memory.entries)) {
        LOG.info("The imported state equals the state in {} (serial {}); nothing to do", path, memory.serial);
        return;
      }
      // A store nothing was ever committed to has nothing to lose: it takes any state.
      boolean fresh = memory.serial == 0 && memory.entries.isEmpty();
      if (!force && !fresh) {
        if (!parsed.lineage().equals(memory.lineage)) {
          throw new ImportRefusedException("The document belongs to lineage " + parsed.lineage() + ", but " + path
              + " holds lineage " + memory.lineage + ": it is another state, not a copy of this one. Nothing was changed."
              + " Import it with force to replace this state.");
        }
        if (parsed.serial() < memory.serial) {
          throw new ImportRefusedException("The document has serial " + parsed.serial() + ", older than serial " + memory.serial
              + " of " + path + ": importing it would undo " + (memory.serial - parsed.serial()) + " changes. Nothing was changed."
              + " Import it with force to go back anyway.");
        }
        if (parsed.serial() == memory.serial && !imported.equals(memory.entries)) {
          throw new ImportRefusedException("The document has the same serial (" + memory.serial + ") as " + path
              + " but different records: the two diverged. Nothing was changed. Import it with force to keep the document's.");
        }
      }
      // A newer copy of this memory.lineage, or anything into a fresh store, is taken as it is, memory.serial
      // included: importing it again is then a no-op and a later export of the source is newer.
      boolean exactCopy = fresh || (parsed.lineage().equals(memory.lineage) && parsed.serial() > memory.serial);
      memory.serial = exactCopy ? parsed.serial() : Math.max(memory.serial, parsed.serial()) + 1;
      memory.lineage = parsed.lineage();
      memory.entries.clear();
      memory.entries.putAll(imported);
      memory.writeSnapshot(true);
      LOG.info("Imported {} records into {} (lineage {}, serial {})", memory.entries.size(), path, memory.lineage, memory.serial);
    } catch (IOException e) {
      memory.reloadNeeded = true;
      throw new StoreWriteException("Could not write the imported state to " + path + ": " + StoreFiles.describe(e)
          + ". The previous state is still in place.", e);
    }
  }

  /** Reads every file from disk again and reports what is wrong; changes nothing. */
  VerifyReport verify() {
    List<String> problems = new ArrayList<>();
    int records = 0;
    long diskSerial = -1;
    int lines = 0;
    try (ProcessLock.Held held = memory.acquire()) {
      StoreFiles.checkMode(path, StoreFiles.DIR_MODE, problems);
      String diskLineage = null;
      Path snapshot = files.snapshot();
      try {
        StateDocument.Decoded parsed = StateDocument.readDecoded(Files.readAllBytes(snapshot));
        Map<ResourceKey, StoredEntry> decoded = parsed.entries();
        records = decoded.size();
        diskLineage = parsed.lineage();
        diskSerial = parsed.serial();
        for (StoredEntry entry : decoded.values()) {
          ResourceRecord r;
          try {
            r = entry.record(); // opening decodes records on first use; verify decodes each
          } catch (StoreCorruptedException e) {
            problems.add(snapshot + ": " + e.getMessage());
            continue;
          }
          lifecycles.find(r.lifecycle()).ifPresentOrElse(table -> {
            if (!table.contains(r.state())) {
              problems.add(snapshot + ": " + r.key() + " is in state " + r.state() + ", which lifecycle '" + r.lifecycle() + "' does not have");
            }
          }, () -> problems.add(snapshot + ": " + r.key() + " follows lifecycle '" + r.lifecycle() + "', which this program does not know"));
          try {
            List.copyOf(entry.history()); // opening keeps histories as bytes; verify decodes each
          } catch (StewardException e) {
            problems.add(snapshot + ": " + e.getMessage());
          }
        }
        StoreFiles.checkMode(snapshot, StoreFiles.FILE_MODE, problems);
      } catch (NoSuchFileException e) {
        problems.add(snapshot + " is missing");
      } catch (IllegalArgumentException | UnsupportedSchemaVersionException e) {
        problems.add(snapshot + ": " + e.getMessage());
      }
      Path good = files.good();
      if (Files.exists(good)) {
        try {
          StateDocument.readDecoded(Files.readAllBytes(good));
          StoreFiles.checkMode(good, StoreFiles.FILE_MODE, problems);
        } catch (IllegalArgumentException | UnsupportedSchemaVersionException e) {
          problems.add(good + " (the last good copy): " + e.getMessage());
        }
      }
      Path journalPath = files.journal();
      if (!Files.exists(journalPath)) {
        problems.add(journalPath + " is missing");
      } else {
        StoreFiles.checkMode(journalPath, StoreFiles.FILE_MODE, problems);
        try (FileChannel channel = FileChannel.open(journalPath, StandardOpenOption.READ)) {
          Journal.Scan scan = Journal.scan(channel, 0);
          if (!scan.corruption().isEmpty()) {
            problems.add(journalPath + ": " + scan.corruption());
          }
          if (scan.tornBytes() > 0) {
            problems.add(journalPath + ": the last " + scan.tornBytes() + " bytes are an incomplete or damaged line (a write was interrupted); the store cuts them on its next write");
          } else if (scan.corruption().isEmpty() && Journal.anyDataAfter(channel, scan.validEnd())) {
            problems.add(journalPath + ": there are bytes after the end of its data (an unacknowledged write); the store cuts them when it opens");
          }
          List<Journal.Line> list = scan.lines();
          if (list.isEmpty() || !list.get(0).isHeader()) {
            problems.add(journalPath + " has no header line");
          } else {
            Journal.Line header = list.get(0);
            if (diskLineage != null && !diskLineage.equals(header.path("lineage").asText())) {
              problems.add(journalPath + " belongs to lineage " + header.path("lineage").asText() + ", the snapshot to " + diskLineage);
            }
            long expected = header.path("base_serial").asLong();
            for (Journal.Line line : list.subList(1, list.size())) {
              long s = line.serial() < 0 ? 0 : line.serial();
              if (s != expected + 1) {
                problems.add(journalPath + ": serial " + s + " follows " + expected + "; changes are missing");
                break;
              }
              expected = s;
              lines++;
            }
            if (diskSerial >= 0) {
              diskSerial = Math.max(diskSerial, expected);
            }
          }
        }
      }
    } catch (IOException e) {
      problems.add("cannot read " + path + ": " + StoreFiles.describe(e));
    }
    return new VerifyReport(path, records, diskSerial, lines, problems);
  }
}
