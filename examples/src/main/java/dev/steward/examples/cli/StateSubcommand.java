package dev.steward.examples.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.steward.ResourceRecord;
import dev.steward.Settings;
import dev.steward.Transition;
import dev.steward.store.FileStateStore;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * What every {@code state} subcommand shares: the {@code --store} and {@code --dir} options, the
 * store they open, and how records look as text and as JSON. Not thread-safe: one instance per command line.
 */
abstract class StateSubcommand implements Callable<Integer> {
  static final ObjectMapper JSON = new ObjectMapper();

  @ParentCommand
  StateCommand state;

  @Spec
  CommandSpec spec;

  @Mixin
  StoreChoice store;

  PrintWriter out() {
    return spec.commandLine().getOut();
  }

  /** True for {@code --store postgres}; false for the file store. */
  boolean postgres() {
    return store.postgres();
  }

  /** Refuses {@code --store postgres} for a command that only the file store has, saying what to do instead. */
  void requireFileStore(String why) {
    store.requireFileStore(why);
  }

  Path directory() {
    return store.directory();
  }

  /** Where the records are, for messages: the state directory, or the postgres store and its tables. */
  String where() {
    return store.where(state.root.settings());
  }

  /** The options that name this store again, for a command line printed as a hint. */
  String storeOptions() {
    return store.options();
  }

  /**
   * The global settings (with {@code --set}), the store (its directory, or the postgres store's
   * id) and the example lifecycles, so records the scenarios wrote can be read and checked.
   */
  Settings settings() {
    return store.settings(state.root.settings());
  }

  /** {@code root} with the store directory {@code directory} and the example lifecycles. */
  static Settings storeSettings(Settings root, Path directory) {
    return StoreChoice.fileSettings(root, directory);
  }

  /** Opens the store {@code --store} names; a file store directory that holds no state is an error, never created by accident. */
  StoreChoice.Opened openStore() {
    return store.open(state.root, false, "");
  }

  /** Opens the file store; a directory that holds no state is an error, never created by accident. */
  FileStateStore openExisting() {
    requireStateDirectory();
    return FileStateStore.open(settings());
  }

  void requireStateDirectory() {
    store.requireState("");
  }

  /** True when the store has written its files in {@code directory}. */
  static boolean holdsState(Path directory) {
    return StoreChoice.holdsState(directory);
  }

  void printJson(JsonNode document) {
    printJson(out(), document);
  }

  /** {@code document}, indented, as one printout. */
  static void printJson(PrintWriter out, JsonNode document) {
    try {
      out.println(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(document));
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException("Could not write JSON", e);
    }
  }

  /** Seconds are enough in a table; JSON and 'show' give the full time. */
  static String shortTime(Instant instant) {
    return DateTimeFormatter.ISO_INSTANT.format(instant.truncatedTo(ChronoUnit.SECONDS));
  }

  /** A record as JSON, every field always present and in the same order; absent values are null. */
  static ObjectNode recordJson(ResourceRecord record) {
    ObjectNode node = JSON.createObjectNode();
    node.put("key", record.key().toString());
    node.put("lifecycle", record.lifecycle());
    node.put("state", record.state());
    node.put("reason", record.reason());
    node.put("version", record.version());
    node.put("created_at", record.createdAt().toString());
    node.put("updated_at", record.updatedAt().toString());
    if (record.spec().isPresent()) {
      ObjectNode spec = node.putObject("spec");
      record.spec().get().properties().forEach(spec::put);
    } else {
      node.putNull("spec");
    }
    ObjectNode attributes = node.putObject("attributes");
    record.attributes().forEach(attributes::put);
    ObjectNode failures = node.putObject("failures");
    failures.put("attempts", record.failures().attempts());
    failures.put("first_failure_at", record.failures().firstFailureAt().map(Instant::toString).orElse(null));
    failures.put("last_failure_at", record.failures().lastFailureAt().map(Instant::toString).orElse(null));
    failures.put("last_error_type", record.failures().lastErrorType());
    failures.put("last_error_message", record.failures().lastErrorMessage());
    ObjectNode checkpoints = node.putObject("checkpoints");
    record.checkpoints().forEach((stage, at) -> checkpoints.put(stage, at.toString()));
    return node;
  }

  static ObjectNode transitionJson(Transition transition) {
    ObjectNode node = JSON.createObjectNode();
    node.put("at", transition.at().toString());
    node.put("from", transition.from().orElse(null));
    node.put("to", transition.to());
    node.put("reason", transition.reason());
    return node;
  }

  static String plural(int count, String one, String many) {
    return count + " " + (count == 1 ? one : many);
  }

  static String plural(int count, String one) {
    return plural(count, one, one + "s");
  }

  static <T> List<T> first(List<T> list, int limit) {
    return list.size() <= limit ? list : list.subList(0, limit);
  }
}
