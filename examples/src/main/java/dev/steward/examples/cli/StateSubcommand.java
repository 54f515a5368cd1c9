package dev.steward.examples.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.steward.CoreSettings;
import dev.steward.ResourceRecord;
import dev.steward.Settings;
import dev.steward.StateStore;
import dev.steward.Transition;
import dev.steward.discovery.ExtensionPoint;
import dev.steward.examples.scenario.ExampleLifecycles;
import dev.steward.store.FileStateStore;
import dev.steward.store.FileStoreSettings;
import dev.steward.store.postgres.PostgresStoreSettings;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * What every {@code state} subcommand shares: the {@code --store} and {@code --dir} options, the
 * store they open, and how records look as text and as JSON. Not thread-safe: one instance per command line.
 */
abstract class StateSubcommand implements Callable<Integer> {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String FILE = "file";
  static final String POSTGRES = "postgres";

  @ParentCommand
  StateCommand state;

  @Spec
  CommandSpec spec;

  @Option(names = "--store", paramLabel = "STORE", defaultValue = FILE,
      description = {"The store: file (the default, in --dir) or postgres (its",
          "connection from --set steward.postgres.url=... and the other",
          "steward.postgres.* settings)."})
  String storeKind;

  @Option(names = "--dir", paramLabel = "DIR",
      description = "The state directory of the file store, as in steward.store.dir. Needed with --store file.")
  Path dir;

  PrintWriter out() {
    return spec.commandLine().getOut();
  }

  /** True for {@code --store postgres}; false for the file store. A store of another name is a usage error. */
  boolean postgres() {
    if (!storeKind.equals(FILE) && !storeKind.equals(POSTGRES)) {
      throw new ParameterException(spec.commandLine(), "--store takes file or postgres, not '" + storeKind + "'");
    }
    if (storeKind.equals(POSTGRES) && dir != null) {
      throw new ParameterException(spec.commandLine(), "--dir is for the file store; with --store postgres the connection"
          + " comes from the steward.postgres.* settings (--set steward.postgres.url=...), so leave --dir out");
    }
    if (storeKind.equals(FILE) && dir == null) {
      throw new ParameterException(spec.commandLine(), "Missing required option: '--dir=DIR' (the file store's state directory;"
          + " or give --store postgres)");
    }
    return storeKind.equals(POSTGRES);
  }

  /** Refuses {@code --store postgres} for a command that only the file store has, saying what to do instead. */
  void requireFileStore(String why) {
    if (postgres()) {
      throw new ParameterException(spec.commandLine(), spec.qualifiedName() + " works on the file store only: " + why);
    }
  }

  Path directory() {
    return dir.toAbsolutePath().normalize();
  }

  /** Where the records are, for messages: the state directory, or the postgres store and its tables. */
  String where() {
    if (!postgres()) {
      return directory().toString();
    }
    Settings settings = state.root.settings();
    return "the postgres store (tables " + settings.get(PostgresStoreSettings.TABLE_PREFIX) + "*"
        + settings.find(PostgresStoreSettings.SCHEMA).map(schema -> " in schema " + schema).orElse("") + ")";
  }

  /** The options that name this store again, for a command line printed as a hint. */
  String storeOptions() {
    return postgres() ? "--store postgres" : "--dir " + dir;
  }

  /**
   * The global settings (with {@code --set}), the store (its directory, or the postgres store's
   * id) and the example lifecycles, so records the scenarios wrote can be read and checked.
   */
  Settings settings() {
    if (postgres()) {
      return state.root.settings().toBuilder().lifecycles(ExampleLifecycles.all()).set(CoreSettings.STATE_STORE, POSTGRES).build();
    }
    return storeSettings(state.root.settings(), directory());
  }

  /** {@code root} with the store directory {@code directory} and the example lifecycles. */
  static Settings storeSettings(Settings root, Path directory) {
    return root.toBuilder()
        .lifecycles(ExampleLifecycles.all())
        .set(FileStoreSettings.DIRECTORY, directory)
        .build();
  }

  /**
   * Opens the store {@code --store} names: the file store on an existing state directory (never
   * created by accident), or the postgres store from the settings, built by discovery as an
   * embedder would get it.
   */
  OpenedStore openStore() {
    if (!postgres()) {
      return new OpenedStore(openExisting(), Optional.empty());
    }
    Plugins plugins = state.root.loadPlugins();
    try {
      return new OpenedStore(plugins.registry().create(ExtensionPoint.STATE_STORE, settings()), Optional.of(plugins));
    } catch (RuntimeException e) {
      plugins.close();
      throw e;
    }
  }

  /** A store opened for one command, and the plugin jars its classes may come from; closing closes both. */
  record OpenedStore(StateStore store, Optional<Plugins> plugins) implements AutoCloseable {
    @Override
    public void close() {
      try {
        store.close();
      } finally {
        plugins.ifPresent(Plugins::close);
      }
    }
  }

  /** Opens the file store; a directory that holds no state is an error, never created by accident. */
  FileStateStore openExisting() {
    requireStateDirectory();
    return FileStateStore.open(settings());
  }

  void requireStateDirectory() {
    Path directory = directory();
    if (!Files.isDirectory(directory)) {
      throw new CommandFailure("no state directory at " + directory);
    }
    if (!holdsState(directory)) {
      throw new CommandFailure("no state directory at " + directory + ": the folder holds no state.json or journal.log");
    }
  }

  /** True when the store has written its files in {@code directory}. */
  static boolean holdsState(Path directory) {
    return Files.exists(directory.resolve("state.json")) || Files.exists(directory.resolve("state.json.good"))
        || Files.exists(directory.resolve("journal.log"));
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
