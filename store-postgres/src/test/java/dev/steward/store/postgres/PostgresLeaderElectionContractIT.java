package dev.steward.store.postgres;

import dev.steward.Settings;
import dev.steward.testkit.contract.LeaderElectionContract;
import dev.steward.testsupport.lab.LabService;
import dev.steward.testsupport.lab.RequiresLab;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The leader election contract for {@code postgres}, with the postgres store, against the lab's server; each test has tables of its own. */
@RequiresLab(LabService.POSTGRES)
class PostgresLeaderElectionContractIT extends LeaderElectionContract {
  @RegisterExtension
  final LabPostgres lab = new LabPostgres();

  @Override
  protected String providerId() {
    return "postgres";
  }

  @Override
  protected String storeId() {
    return "postgres";
  }

  @Override
  protected Settings.Builder settings() {
    return lab.settings(lab.prefix());
  }
}
