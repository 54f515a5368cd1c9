package dev.steward.examples.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.steward.StateStore;
import dev.steward.store.FileStateStore;
import dev.steward.store.ImportRefusedException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code steward state import FILE}: replaces the whole state with an exported document. */
@Command(
    name = "import",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {"Replaces the whole state in DIR with a document 'steward state export' wrote.",
        "With --store postgres, replaces the postgres store's records instead, in one",
        "transaction (a failed import leaves them as they were).",
        "Any schema version; creates DIR when it does not exist (or fills a folder that holds no state yet).",
        "Refused (exit 1, nothing changed) when the document is another state",
        "(another lineage) or older than DIR's state, unless --force. --dry-run imports into a scratch copy of DIR",
        "to tell whether it would be refused, and leaves DIR alone."})
final class StateImportCommand extends StateSubcommand {
  @Parameters(paramLabel = "FILE", description = "The exported JSON document.")
  Path file;

  @Option(names = "--force", description = "Import even another lineage or an older serial, replacing the state.")
  boolean force;

  @Option(names = "--dry-run", description = "Prints what would happen and changes nothing.")
  boolean dryRun;

  @Option(names = "--json", description = "Prints {\"store\", \"directory\" (file store), \"dry_run\", \"created\", \"records\", \"lineage\", \"serial\"}.")
  boolean json;

  @Override
  public Integer call() throws IOException {
    byte[] document = read();
    Outcome outcome;
    boolean created = false;
    if (postgres()) {
      try (StoreChoice.Opened opened = openStore()) {
        outcome = dryRun ? importIntoScratchCopy(document, opened.store(), force) : importInto(document, opened.store(), force);
      }
    } else {
      Path directory = directory();
      created = !Files.exists(directory);
      // A directory with no state yet has nothing to protect: opening it makes a new lineage that would
      // refuse every import, so the document is imported as if forced.
      boolean fresh = !Files.isDirectory(directory) || !holdsState(directory);
      outcome = dryRun ? importIntoScratchCopy(document, directory, force || fresh)
          : importInto(document, directory, force || fresh);
    }
    PrintWriter out = out();
    if (json) {
      ObjectNode result = JSON.createObjectNode();
      result.put("store", store.kind);
      if (!postgres()) {
        result.put("directory", directory().toString());
      }
      result.put("dry_run", dryRun);
      result.put("created", created);
      result.put("records", outcome.records());
      result.put("lineage", outcome.lineage());
      result.put("serial", outcome.serial());
      printJson(result);
    } else {
      String what = plural(outcome.records(), "record") + " (lineage " + outcome.lineage() + ", serial " + outcome.serial() + ")";
      if (dryRun) {
        out.println("Would import " + what + " into " + where() + (created ? ", creating it" : "") + ".");
        out.println("Nothing was changed (--dry-run).");
      } else {
        out.println("Imported " + what + " into " + where() + (created ? ", which was created" : "") + ".");
      }
    }
    out.flush();
    return ExitCodes.OK;
  }

  private record Outcome(int records, String lineage, long serial) {}

  /** The file's bytes, once they are known to be JSON (the store checks the rest). */
  private byte[] read() throws IOException {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new CommandFailure("cannot import " + file + ": no such file");
    }
    try {
      JSON.readTree(bytes);
    } catch (JsonProcessingException e) {
      throw new CommandFailure("cannot import " + file + ": it is not JSON (" + e.getOriginalMessage() + ")", e);
    }
    return bytes;
  }

  private Outcome importInto(byte[] document, Path directory, boolean force) throws IOException {
    if (Files.exists(directory) && !Files.isDirectory(directory)) {
      throw new CommandFailure("cannot import into " + directory + ": it is not a folder");
    }
    try (FileStateStore store = FileStateStore.open(settings())) {
      return importInto(document, store, force);
    }
  }

  private static Outcome importInto(byte[] document, StateStore store, boolean force) throws IOException {
    try {
      store.importState(new ByteArrayInputStream(document), force);
    } catch (ImportRefusedException e) {
      throw new CommandFailure("import refused: " + e.getMessage(), e);
    }
    return new Outcome(store.list().size(), store.lineage(), store.serial());
  }

  /** The real import, on a copy of DIR's files: the store's own checks decide, and DIR is never touched. */
  private Outcome importIntoScratchCopy(byte[] document, Path directory, boolean force) throws IOException {
    return onScratchCopy(document, force, copy -> {
      if (Files.isDirectory(directory)) {
        Files.createDirectory(copy, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        try (Stream<Path> files = Files.list(directory)) {
          for (Path source : (Iterable<Path>) files::iterator) {
            if (Files.isRegularFile(source) && !source.getFileName().toString().equals("lock")) {
              Files.copy(source, copy.resolve(source.getFileName()), StandardCopyOption.COPY_ATTRIBUTES);
            }
          }
        }
      }
    });
  }

  /**
   * The real import, on a file store that holds a copy of the postgres store's state (its export,
   * lineage and serial included): the same rules decide, and the postgres store is never written.
   */
  private Outcome importIntoScratchCopy(byte[] document, StateStore current, boolean force) throws IOException {
    ByteArrayOutputStream now = new ByteArrayOutputStream();
    current.exportState(now);
    return onScratchCopy(document, force, copy -> {
      try (FileStateStore store = FileStateStore.open(storeSettings(state.root.settings(), copy))) {
        store.importState(new ByteArrayInputStream(now.toByteArray()), true);
      }
    });
  }

  /** Fills a state directory in a scratch folder. */
  private interface Filler {
    void fill(Path copy) throws IOException;
  }

  private Outcome onScratchCopy(byte[] document, boolean force, Filler filler) throws IOException {
    Path scratch = Files.createTempDirectory("steward-import-dry-run-");
    Path copy = scratch.resolve("state");
    try {
      filler.fill(copy);
      try (FileStateStore store = FileStateStore.open(storeSettings(state.root.settings(), copy))) {
        try {
          store.importState(new ByteArrayInputStream(document), force);
        } catch (ImportRefusedException e) {
          throw new CommandFailure("import would be refused: " + e.getMessage().replace(copy.toString(), where()), e);
        }
        return new Outcome(store.list().size(), store.lineage(), store.serial());
      }
    } finally {
      try (Stream<Path> all = Files.walk(scratch)) {
        for (Path path : (Iterable<Path>) all.sorted(Comparator.reverseOrder())::iterator) {
          Files.deleteIfExists(path);
        }
      }
    }
  }
}
