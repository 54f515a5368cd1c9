package dev.steward.examples.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.steward.spi.support.AtomicFiles;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code steward state export}: the whole state as one JSON document, for a backup or another machine. */
@Command(
    name = "export",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {"Writes the whole state as one JSON document, to stdout or to a file with --output.",
        "The document has the current schema, with its lineage and serial; a file is readable by you only (0600).",
        "'steward state import' reads it back, into either store: the file store and",
        "the postgres store (--store postgres) export the same document."})
final class StateExportCommand extends StateSubcommand {
  @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write it to FILE (replaced if it exists) instead of stdout.")
  Path output;

  @Override
  public Integer call() throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (StoreChoice.Opened opened = openStore()) {
      opened.store().exportState(bytes);
    }
    JsonNode document = JSON.readTree(bytes.toByteArray());
    if (output == null) {
      printJson(document);
      out().flush();
      return ExitCodes.OK;
    }
    Path file = output.toAbsolutePath().normalize();
    write(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(document));
    out().println("Exported " + plural(document.path("records").size(), "record") + " (lineage "
        + document.path("lineage").asText() + ", serial " + document.path("serial").asLong() + ") to " + file + ".");
    out().flush();
    return ExitCodes.OK;
  }

  /** Written 0600 beside the target, then renamed over it: never a half-written or readable copy. */
  private static void write(Path file, byte[] bytes) throws IOException {
    Path parent = file.getParent();
    if (parent == null || !Files.isDirectory(parent)) {
      throw new CommandFailure("cannot write " + file + ": the folder " + parent + " does not exist");
    }
    AtomicFiles.write(file, bytes);
  }
}
