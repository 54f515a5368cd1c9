package dev.steward.store.postgres;

import dev.steward.CoreSettings;
import dev.steward.ResourceKey;
import dev.steward.Settings;
import dev.steward.StateStore;
import dev.steward.discovery.ExtensionPoint;
import dev.steward.discovery.ProviderRegistry;
import java.nio.file.Path;
import java.util.Map;

/**
 * One writer of {@link PostgresConcurrencyIT}, in a thread or a JVM of its own: opens a postgres
 * store of its own and, {@code steps} times, counts one failure on the shared record (a
 * read-modify-write the store must not lose) and sets its own counter attribute to the step.
 */
final class CountingWriter {
  static final ResourceKey KEY = ResourceKey.local("node", "counted");

  private CountingWriter() {}

  /** {@code URL USER PASSWORD_FILE PREFIX NAME STEPS}; prints DONE at the end. */
  public static void main(String[] args) {
    Settings settings = Settings.builder()
        .set(CoreSettings.STATE_STORE, "postgres")
        .set(PostgresStoreSettings.URL, args[0])
        .set(PostgresStoreSettings.USER, args[1])
        .set(PostgresStoreSettings.PASSWORD_FILE, Path.of(args[2]))
        .set(PostgresStoreSettings.TABLE_PREFIX, args[3])
        .build();
    try (StateStore store = ProviderRegistry.discover().create(ExtensionPoint.STATE_STORE, settings)) {
      count(store, args[4], Integer.parseInt(args[5]));
    }
    System.out.println("DONE");
  }

  static void count(StateStore store, String name, int steps) {
    for (int i = 1; i <= steps; i++) {
      store.recordFailure(KEY, "Counted", name + " step " + i);
      store.updateAttributes(KEY, Map.of("count-" + name, Integer.toString(i)));
    }
  }
}
