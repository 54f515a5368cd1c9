package dev.steward.examples.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.steward.Settings;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * What every {@code inventory} subcommand shares: the store ({@code --store}, {@code --dir}), the
 * settings, output. One instance per command line.
 */
abstract class InventorySubcommand implements Callable<Integer> {
  @ParentCommand
  InventoryCommand inventory;

  @Spec
  CommandSpec spec;

  @Mixin
  StoreChoice storeChoice;

  @Option(names = "--json", description = "Prints one JSON document instead of tables.")
  boolean json;

  PrintWriter out() {
    return spec.commandLine().getOut();
  }

  Settings settings() {
    return storeChoice.settings(inventory.root.settings());
  }

  /** Where the inventory is, for messages. */
  String where() {
    return storeChoice.where(inventory.root.settings());
  }

  /** Opens the store; a file store folder that holds no state is an error (only 'sync' makes one). */
  StoreChoice.Opened openExisting() {
    return storeChoice.open(inventory.root, false, "run 'steward inventory sync " + storeChoice.options() + "' first");
  }

  /** Opens the store, making a file store folder when there is none. */
  StoreChoice.Opened openOrCreate() {
    return storeChoice.open(inventory.root, true, "");
  }

  /** Names the store in a JSON answer: {@code "store"}, and {@code "directory"} for the file store. */
  void describeStore(ObjectNode document) {
    document.put("store", storeChoice.kind);
    if (!storeChoice.postgres()) {
      document.put("directory", storeChoice.directory().toString());
    }
  }

  void printJson(JsonNode document) {
    StateSubcommand.printJson(out(), document);
  }
}
