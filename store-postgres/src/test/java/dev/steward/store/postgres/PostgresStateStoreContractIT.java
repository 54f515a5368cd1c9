package dev.steward.store.postgres;

import dev.steward.Settings;
import dev.steward.testkit.contract.StateStoreContract;
import dev.steward.testsupport.lab.LabService;
import dev.steward.testsupport.lab.RequiresLab;
import org.junit.jupiter.api.AfterAll;

/** The StateStore contract for {@code postgres}, against the lab's real PostgreSQL; each test has tables of its own. */
@RequiresLab(LabService.POSTGRES)
class PostgresStateStoreContractIT extends StateStoreContract {
  private static final String CLASS_PREFIX = LabPostgres.uniquePrefix();
  private static int tests;

  private final String prefix = CLASS_PREFIX + (++tests) + "_";

  @AfterAll
  static void dropTables() throws Exception {
    new LabPostgres().dropTables(CLASS_PREFIX);
  }

  @Override
  protected String providerId() {
    return "postgres";
  }

  @Override
  protected Settings.Builder settings() {
    return new LabPostgres().settings(prefix);
  }
}
