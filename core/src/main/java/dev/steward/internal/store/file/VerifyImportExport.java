package dev.steward.internal.store.file;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.steward.ResourceKey;
import dev.steward.ResourceRecord;
import dev.steward.StewardException;
import dev.steward.Lifecycles;
import dev.steward.migration.UnsupportedSchemaVersionException;
import dev.steward.store.StoreCorruptedException;
import dev.steward.store.StoreWriteException;
import dev.steward.store.VerifyReport;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
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
import java.util.OptionalLong;
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

  /** The whole state as a document of the current schema, written to {@code out} (not closed). */
  void exportTo(OutputStream out) throws IOException {
    out.write(exportBytes());
    out.flush();
  }

  ObjectNode export() {
    try {
      return (ObjectNode) StateDocument.MAPPER.readTree(exportBytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private byte[] exportBytes() {
    try (ProcessLock.Held held = memory.acquire()) {
      recovery.refresh();
      return StateDocument.writeSlices(memory.lineage, memory.serial, StoreMemory.encodedRecords(memory.entries));
    } catch (IOException e) {
      throw new StewardException("Cannot read the state directory " + path + ": " + StoreFiles.describe(e), e);
    }
  }

  void importDocument(JsonNode document, boolean force) {
    try {
      importFrom(new ByteArrayInputStream(StateDocument.MAPPER.writeValueAsBytes(document)), force);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Replaces the state with the document {@code in} holds, by the rule of {@link StateExchange#importedSerial}. */
  void importFrom(InputStream in, boolean force) throws IOException {
    StateExchange.Contents document = StateExchange.read(in, lifecycles);
    try (ProcessLock.Held held = memory.acquire()) {
      recovery.refresh();
      OptionalLong serial = StateExchange.importedSerial(
          new StateExchange.Current(path.toString(), memory.lineage, memory.serial, memory.entries.isEmpty()),
          document, document.entries().equals(memory.entries), force);
      if (serial.isEmpty()) {
        LOG.info("The imported state equals the state in {} (serial {}); nothing to do", path, memory.serial);
        return;
      }
      memory.serial = serial.getAsLong();
      memory.lineage = document.lineage();
      memory.entries.clear();
      memory.entries.putAll(document.entries());
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
