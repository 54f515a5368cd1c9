package dev.steward.store.postgres.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The leader table's statements say the rules of postgres.md §4 in SQL, on the installation's own table. */
class LeaderTableTest {
  private final LeaderTable sql = new LeaderTable(new Tables(Optional.of("ops"), "steward_"));

  @Test
  @DisplayName("takes the lease only once it has run out by the server's clock, starting the next term from now()")
  void acquiresOnlyAnExpiredLease() {
    assertThat(sql.acquire()).isEqualTo("UPDATE \"ops\".\"steward_leader\" SET holder = ?, term = term + 1, since = now(),"
        + " expires_at = now() + ? * interval '1 millisecond' WHERE name = ? AND expires_at < now()"
        + " RETURNING holder, term, since, expires_at");
  }

  @Test
  @DisplayName("renews and resigns only the holder's own term, and only while it has not run out")
  void renewsAndResignsOnlyItsOwnLiveTerm() {
    assertThat(sql.renew()).isEqualTo("UPDATE \"ops\".\"steward_leader\" SET expires_at = now() + ? * interval '1 millisecond'"
        + " WHERE name = ? AND holder = ? AND term = ? AND expires_at > now() RETURNING holder, term, since, expires_at");
    assertThat(sql.resign()).isEqualTo("UPDATE \"ops\".\"steward_leader\" SET expires_at = '-infinity'"
        + " WHERE name = ? AND holder = ? AND term = ? AND expires_at > now()");
    assertThat(sql.renew()).doesNotContain("term = term");
  }

  @Test
  @DisplayName("a fenced write reads the term FOR SHARE, which a takeover's UPDATE must wait for, not FOR KEY SHARE")
  void fencesWithForShare() {
    assertThat(sql.fence()).isEqualTo("SELECT term, holder FROM \"ops\".\"steward_leader\" WHERE name = ? FOR SHARE");
  }

  @Test
  @DisplayName("seeds an election's row once, with term 0 and a lease that has already run out")
  void seedsOnce() {
    assertThat(sql.seed()).isEqualTo("INSERT INTO \"ops\".\"steward_leader\" (name, holder, term, since, expires_at)"
        + " VALUES (?, '', 0, '-infinity', '-infinity') ON CONFLICT (name) DO NOTHING");
  }
}
