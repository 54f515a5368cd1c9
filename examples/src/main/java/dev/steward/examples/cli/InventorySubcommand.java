package dev.steward.examples.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.steward.Settings;
import dev.steward.store.FileStateStore;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** What every {@code inventory} subcommand shares: {@code --dir}, the settings, output. One instance per command line. */
abstract class InventorySubcommand implements Callable<Integer> {
  @ParentCommand
  InventoryCommand inventory;

  @Spec
  CommandSpec spec;

  @Option(names = "--dir", required = true, paramLabel = "DIR",
      description = "The state directory of the file store, as in steward.store.dir.")
  Path dir;

  @Option(names = "--json", description = "Prints one JSON document instead of tables.")
  boolean json;

  PrintWriter out() {
    return spec.commandLine().getOut();
  }

  Path directory() {
    return dir.toAbsolutePath().normalize();
  }

  Settings settings() {
    return StateSubcommand.storeSettings(inventory.root.settings(), directory());
  }

  /** Opens the store of {@code --dir}; one that holds no state is an error (only 'sync' makes one). */
  FileStateStore openExisting() {
    if (!StateSubcommand.holdsState(directory())) {
      throw new CommandFailure("no state directory at " + directory() + ": run 'steward inventory sync --dir " + dir + "' first");
    }
    return FileStateStore.open(settings());
  }

  void printJson(JsonNode document) {
    StateSubcommand.printJson(out(), document);
  }
}
