package dev.steward.examples.cli;

import dev.steward.CoreSettings;
import dev.steward.Settings;
import dev.steward.StateStore;
import dev.steward.discovery.ExtensionPoint;
import dev.steward.examples.scenario.ExampleLifecycles;
import dev.steward.store.FileStateStore;
import dev.steward.store.FileStoreSettings;
import dev.steward.store.postgres.PostgresStoreSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The {@code --store file|postgres} and {@code --dir DIR} options of every command that reads or
 * writes a store ({@code state ...}, {@code inventory ...}), and the store they name: the file
 * store in DIR, or the postgres store from the {@code steward.postgres.*} settings. A picocli mixin;
 * one instance per command line.
 */
final class StoreChoice {
  static final String FILE = "file";
  static final String POSTGRES = "postgres";

  @Spec(Spec.Target.MIXEE)
  CommandSpec spec;

  @Option(names = "--store", paramLabel = "STORE", defaultValue = FILE,
      description = {"The store: file (the default, in --dir) or postgres (its",
          "connection from --set steward.postgres.url=... and the other",
          "steward.postgres.* settings)."})
  String kind;

  @Option(names = "--dir", paramLabel = "DIR",
      description = "The state directory of the file store, as in steward.store.dir. Needed with --store file.")
  Path dir;

  /** True for {@code --store postgres}; false for the file store. A store of another name is a usage error. */
  boolean postgres() {
    if (!kind.equals(FILE) && !kind.equals(POSTGRES)) {
      throw new ParameterException(spec.commandLine(), "--store takes file or postgres, not '" + kind + "'");
    }
    if (kind.equals(POSTGRES) && dir != null) {
      throw new ParameterException(spec.commandLine(), "--dir is for the file store; with --store postgres the connection"
          + " comes from the steward.postgres.* settings (--set steward.postgres.url=...), so leave --dir out");
    }
    if (kind.equals(FILE) && dir == null) {
      throw new ParameterException(spec.commandLine(), "Missing required option: '--dir=DIR' (the file store's state directory;"
          + " or give --store postgres)");
    }
    return kind.equals(POSTGRES);
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
  String where(Settings root) {
    if (!postgres()) {
      return directory().toString();
    }
    return "the postgres store (tables " + root.get(PostgresStoreSettings.TABLE_PREFIX) + "*"
        + root.find(PostgresStoreSettings.SCHEMA).map(schema -> " in schema " + schema).orElse("") + ")";
  }

  /** The options that name this store again, for a command line printed as a hint. */
  String options() {
    return postgres() ? "--store postgres" : "--dir " + dir;
  }

  /** {@code root} with this store (its directory, or the postgres store's id) and the example lifecycles. */
  Settings settings(Settings root) {
    if (postgres()) {
      return root.toBuilder().lifecycles(ExampleLifecycles.all()).set(CoreSettings.STATE_STORE, POSTGRES).build();
    }
    return fileSettings(root, directory());
  }

  /** {@code root} with the store directory {@code directory} and the example lifecycles. */
  static Settings fileSettings(Settings root, Path directory) {
    return root.toBuilder()
        .lifecycles(ExampleLifecycles.all())
        .set(FileStoreSettings.DIRECTORY, directory)
        .build();
  }

  /**
   * Opens the store: the file store on a directory that already holds state ({@code missing}
   * says what to do otherwise; only commands that make a store may pass {@code create}), or the
   * postgres store from the settings, built by discovery as an embedder would get it.
   */
  Opened open(StewardCommand root, boolean create, String missing) {
    if (!postgres()) {
      if (!create) {
        requireState(missing);
      }
      return new Opened(FileStateStore.open(settings(root.settings())), Optional.empty());
    }
    Plugins plugins = root.loadPlugins();
    try {
      return new Opened(plugins.registry().create(ExtensionPoint.STATE_STORE, settings(root.settings())), Optional.of(plugins));
    } catch (RuntimeException e) {
      plugins.close();
      throw e;
    }
  }

  /** The file store's directory must hold state; {@code missing} is the error's advice. */
  void requireState(String missing) {
    Path directory = directory();
    if (!Files.isDirectory(directory)) {
      throw new CommandFailure("no state directory at " + directory + (missing.isEmpty() ? "" : ": " + missing));
    }
    if (!holdsState(directory)) {
      throw new CommandFailure("no state directory at " + directory + ": the folder holds no state.json or journal.log"
          + (missing.isEmpty() ? "" : "; " + missing));
    }
  }

  /** True when the file store has written its files in {@code directory}. */
  static boolean holdsState(Path directory) {
    return Files.exists(directory.resolve("state.json")) || Files.exists(directory.resolve("state.json.good"))
        || Files.exists(directory.resolve("journal.log"));
  }

  /** A store opened for one command, and the plugin jars its classes may come from; closing closes both. */
  record Opened(StateStore store, Optional<Plugins> plugins) implements AutoCloseable {
    @Override
    public void close() {
      try {
        store.close();
      } finally {
        plugins.ifPresent(Plugins::close);
      }
    }
  }
}
