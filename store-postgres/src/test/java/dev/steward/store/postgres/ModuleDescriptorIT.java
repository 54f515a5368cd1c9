package dev.steward.store.postgres;

import dev.steward.testkit.contract.PluginModuleContract;
import java.util.Map;
import java.util.Set;

/** The built jar is the named module that provides the 'postgres' state store and leader election, found the same way on either path. */
class ModuleDescriptorIT extends PluginModuleContract {
  ModuleDescriptorIT() {
    super("steward-store-postgres", "dev.steward.store.postgres",
        Map.of("dev.steward.spi.StateStoreProvider", Set.of("dev.steward.store.postgres.internal.PostgresStateStoreProvider"),
            "dev.steward.spi.LeaderElectionProvider", Set.of("dev.steward.store.postgres.internal.PostgresLeaderElectionProvider")),
        Set.of("dev.steward.store.postgres"));
  }
}
