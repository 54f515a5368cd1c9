package dev.steward.proxmox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.steward.proxmox.simulator.NodeOutage;
import dev.steward.proxmox.simulator.Privilege;
import dev.steward.proxmox.simulator.Profile;
import dev.steward.proxmox.simulator.ProxmoxSimulator;
import dev.steward.testsupport.MutableClock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Each error status the API answers, as the exception of its kind with what the user needs to know. */
class ErrorsIT {
  private static final String AUDITOR_WITHOUT_SYS_AUDIT = "blind@pve!probe";
  private final MutableClock clock = MutableClock.startingAtEpochOf2026();
  private final Pve.RecordingSleeper sleeper = new Pve.RecordingSleeper(clock);

  private static Set<Privilege> auditorWithoutSysAudit() {
    EnumSet<Privilege> privileges = EnumSet.copyOf(Privilege.AUDITOR);
    privileges.remove(Privilege.SYS_AUDIT);
    return privileges;
  }

  @Test
  @DisplayName("400 lists each parameter's error")
  void parameterErrorsAreListed() {
    try (ProxmoxSimulator pve = Pve.simulator(clock).start()) {
      ProxmoxClient client = Pve.client(pve, clock, sleeper).build();

      assertThatThrownBy(() -> client.getJson("/nodes/pve1/tasks", Map.of("limit", "-1", "bogus", "1")))
          .isInstanceOfSatisfying(ProxmoxParameterException.class, e -> {
            assertThat(e.status()).hasValue(400);
            assertThat(e.errors()).containsOnlyKeys("limit", "bogus");
            assertThat(e.getMessage()).contains("refused the parameters of GET /nodes/pve1/tasks", "limit: ", "bogus: ");
          });
      assertThat(pve.requests().served()).isEqualTo(1);
    }
  }

  @Test
  @DisplayName("403 before PVE 8.4 names the privilege the call needs, since the server's words are only in the reason phrase")
  void permissionErrorsNameTheNeededPrivilege() {
    try (ProxmoxSimulator pve = Pve.simulator(clock).token(AUDITOR_WITHOUT_SYS_AUDIT, Pve.TOKEN_SECRET, auditorWithoutSysAudit())
        .start()) {
      ProxmoxClient client = Pve.client(pve, clock, sleeper).credentials(new ApiToken(AUDITOR_WITHOUT_SYS_AUDIT,
          Secret.of(Pve.TOKEN_SECRET))).build();

      assertThatThrownBy(() -> client.nodeStatus("pve1")).isInstanceOfSatisfying(ProxmoxPermissionException.class, e -> {
        assertThat(e.status()).hasValue(403);
        assertThat(e.privilege()).hasValue("Sys.Audit");
        assertThat(e.path()).hasValue("/nodes/pve1");
        assertThat(e.statedByServer()).isFalse();
        assertThat(e.getMessage()).contains("this call needs Sys.Audit on /nodes/pve1", "PVEAuditor", AUDITOR_WITHOUT_SYS_AUDIT);
      });
    }
  }

  @Test
  @DisplayName("403 from PVE 8.4 names the privilege the server said is missing")
  void permissionErrorsCarryTheServersWords() {
    try (ProxmoxSimulator pve = Pve.simulator(clock).profile(Profile.PVE_8_4)
        .token(AUDITOR_WITHOUT_SYS_AUDIT, Pve.TOKEN_SECRET, auditorWithoutSysAudit()).start()) {
      ProxmoxClient client = Pve.client(pve, clock, sleeper).credentials(new ApiToken(AUDITOR_WITHOUT_SYS_AUDIT,
          Secret.of(Pve.TOKEN_SECRET))).build();

      assertThatThrownBy(client::clusterStatus).isInstanceOfSatisfying(ProxmoxPermissionException.class, e -> {
        assertThat(e.privilege()).hasValue("Sys.Audit");
        assertThat(e.path()).hasValue("/");
        assertThat(e.statedByServer()).isTrue();
        assertThat(e.getMessage()).contains("Permission check failed (/, Sys.Audit)");
      });
    }
  }

  @Test
  @DisplayName("500 gives the server's reason where the answer carries it (8.4), and says where to look where it does not")
  void serverErrorsGiveTheReason() {
    for (Profile profile : List.of(Profile.PVE_8_3, Profile.PVE_8_4)) {
      try (ProxmoxSimulator pve = Pve.simulator(clock).profile(profile).start()) {
        ProxmoxClient client = Pve.client(pve, clock, sleeper).build();
        String wrongNode = pve.guests().get(0).node().equals("pve1") ? "pve2" : "pve1";
        int vmid = pve.guests().get(0).vmid();
        GuestType type = GuestType.valueOf(pve.guests().get(0).type().name());

        assertThatThrownBy(() -> client.guestConfig(wrongNode, type, vmid)).isInstanceOfSatisfying(ProxmoxServerException.class, e -> {
          assertThat(e.status()).hasValue(500);
          assertThat(e.isTransient()).isFalse();
          if (profile == Profile.PVE_8_4) {
            assertThat(e.reason()).hasValueSatisfying(r -> assertThat(r).contains(vmid + ".conf' does not exist"));
            assertThat(e.getMessage()).contains("does not exist");
          } else {
            assertThat(e.reason()).isEmpty();
            assertThat(e.getMessage()).contains("reason phrase", "journalctl -u pveproxy");
          }
        });
        assertThat(pve.requests().served()).as("not retried").isEqualTo(1);
      }
    }
  }

  @Test
  @DisplayName("501 for a path the release does not know")
  void unknownPathsAreNotImplemented() {
    try (ProxmoxSimulator pve = Pve.simulator(clock).start()) {
      ProxmoxClient client = Pve.client(pve, clock, sleeper).build();

      assertThatThrownBy(() -> client.getJson("/nodes/pve1/no-such-thing", Map.of()))
          .isInstanceOfSatisfying(ProxmoxServerException.class, e -> assertThat(e.status()).hasValue(501));
    }
  }

  @Test
  @DisplayName("595 means the node is unreachable: transient, retried once after the backoff, then thrown naming the node")
  void unreachableNodesAreTransient() {
    try (ProxmoxSimulator pve = Pve.simulator(clock).start()) {
      pve.markNodeDown("pve2");
      ProxmoxClient client = Pve.client(pve, clock, sleeper).build();

      assertThatThrownBy(() -> client.guests("pve2", GuestType.QEMU)).isInstanceOfSatisfying(NodeUnreachableException.class, e -> {
        assertThat(e.status()).hasValue(595);
        assertThat(e.node()).hasValue("pve2");
        assertThat(e.isTransient()).isTrue();
        assertThat(e.getMessage()).contains("could not reach node pve2", "595");
      });
      assertThat(pve.requests().served()).isEqualTo(2);
      assertThat(sleeper.waits()).containsExactly(Duration.ofNanos((long) (500_000_000 * Pve.JITTER_FACTOR)));
    }
  }

  @Test
  @DisplayName("a write is never retried, even when its failure is transient")
  void writesAreNotRetried() throws java.io.IOException {
    try (java.net.Socket reserved = RetryIT.refusingPort()) {
      ProxmoxClient client = ProxmoxClient.builder("https://127.0.0.1:" + reserved.getLocalPort())
          .credentials(Pve.token())
          .clock(clock)
          .sleeper(sleeper)
          .random(Pve.FixedRandom.QUARTER)
          .build();

      assertThatThrownBy(() -> client.postJson("/nodes/pve1/qemu/100/status/start", Map.of()))
          .isInstanceOfSatisfying(ProxmoxConnectionException.class, e -> assertThat(e.isTransient()).isTrue());
      assertThat(client.stats().requests()).isEqualTo(1);
      assertThat(sleeper.waits()).isEmpty();
    }
  }

  @Test
  @DisplayName("596 (the forwarded request timed out) is a node unreachable too")
  void timedOutForwardsAreUnreachableNodes() {
    try (ProxmoxSimulator pve = Pve.simulator(clock).start()) {
      pve.markNodeDown("pve3", NodeOutage.TIMED_OUT);
      ProxmoxClient client = Pve.client(pve, clock, sleeper).retryPolicy(RetryPolicy.NONE).build();

      assertThatThrownBy(() -> client.nodeStatus("pve3")).isInstanceOfSatisfying(NodeUnreachableException.class, e -> {
        assertThat(e.status()).hasValue(596);
        assertThat(e.getMessage()).contains("timed out");
      });
    }
  }

  @Test
  @DisplayName("no answer within the request timeout is a timeout: transient, retried with backoff, then thrown")
  void slowAnswersTimeOut() {
    try (ProxmoxSimulator pve = Pve.simulator(clock).latency(Duration.ofMillis(400)).start()) {
      ProxmoxClient client = Pve.client(pve, clock, sleeper).requestTimeout(Duration.ofMillis(100))
          .retryPolicy(new RetryPolicy(2, 1, Duration.ofMillis(400), Duration.ofSeconds(10), 0.5)).build();

      assertThatThrownBy(client::version).isInstanceOfSatisfying(ProxmoxTimeoutException.class, e -> {
        assertThat(e.timeout()).isEqualTo(Duration.ofMillis(100));
        assertThat(e.isTransient()).isTrue();
        assertThat(e.getMessage()).contains("did not answer GET /version within 100 ms");
      });
      assertThat(sleeper.waits()).containsExactly(Duration.ofMillis(250), Duration.ofMillis(500));
      assertThat(client.stats().requests()).isEqualTo(3);
    }
  }
}
