package dev.steward.store.postgres.internal;

import dev.steward.Settings;
import dev.steward.store.postgres.PostgresStoreSettings;
import java.util.Optional;

/**
 * The names of the store's tables: {@code [schema.]PREFIXrecord}, {@code [schema.]PREFIXmeta},
 * {@code [schema.]PREFIXleader} and {@code [schema.]PREFIXschema_version}, and of its sequence and functions.
 * The schema and the prefix are checked identifiers (lowercase letters, digits, _), quoted anyway.
 * Immutable and thread-safe.
 *
 * @param schema the schema, or empty for the session's search_path
 * @param prefix what each table name starts with, e.g. {@code steward_}
 */
record Tables(Optional<String> schema, String prefix) {
  /** The tables {@code settings} name ({@link PostgresStoreSettings#SCHEMA}, {@link PostgresStoreSettings#TABLE_PREFIX}). */
  static Tables of(Settings settings) {
    return new Tables(settings.find(PostgresStoreSettings.SCHEMA), settings.get(PostgresStoreSettings.TABLE_PREFIX));
  }

  String record() {
    return qualified("record");
  }

  String schemaVersion() {
    return qualified("schema_version");
  }

  /** One row per election name: its holder, term and lease ({@link LeaderTable}). */
  String leader() {
    return qualified("leader");
  }

  /** The one row with the installation's lineage and the serial of its last import or deletion. */
  String meta() {
    return qualified("meta");
  }

  /** The sequence every write takes its serial from. */
  String serialSequence() {
    return qualified("serial");
  }

  /** A function of the store's, e.g. a trigger's. */
  String function(String name) {
    return qualified(name);
  }

  /** A name for an index or constraint of the record table; the schema is implied. */
  String local(String name) {
    return quote(prefix + name);
  }

  /** Text that names these tables in messages, e.g. {@code steward_* in schema ops}. */
  String describe() {
    return "the tables " + prefix + "*" + schema.map(s -> " in schema " + s).orElse("");
  }

  private String qualified(String name) {
    return schema.map(s -> quote(s) + ".").orElse("") + quote(prefix + name);
  }

  private static String quote(String identifier) {
    return '"' + identifier + '"';
  }
}
