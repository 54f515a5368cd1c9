package dev.steward.proxmox.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ErrorsTest {
  private final ProxmoxSimulator pve = ProxmoxSimulator.builder().nodes(2).guests(6).seed(3)
      .authDelay(Duration.ofMillis(10))
      .token("steward@pve!probe", "secret")
      .token("blind@pve!probe", "secret", Set.of(Privilege.VM_AUDIT, Privilege.DATASTORE_AUDIT))
      .start();
  private final Api api = new Api(pve);
  private final String token = pve.tokenHeader().orElseThrow();

  @AfterEach
  void stop() {
    pve.close();
  }

  @Test
  void namesEveryUnknownOrBadParameterInOne400() throws Exception {
    Api.Answer answer = api.get("/nodes/pve1/tasks?limit=abc&start=-1&source=old&colour=red");

    assertThat(answer.status()).isEqualTo(400);
    JsonNode errors = answer.json().get("errors");
    assertThat(errors.get("colour").asText())
        .isEqualTo("property is not defined in schema and the schema does not allow additional properties");
    assertThat(errors.get("limit").asText()).isEqualTo("type check ('integer') failed - got 'abc'");
    assertThat(errors.get("start").asText()).isEqualTo("value must have a minimum value of 0");
    assertThat(errors.get("source").asText())
        .isEqualTo("value 'old' does not have a value in the enumeration 'archive, active, all'");
    assertThat(answer.json().get("data").isNull()).isTrue();
    try (RawHttps raw = new RawHttps(pve)) {
      RawHttps.Response response = raw.exchange("GET", "/api2/json/version?verbose=1", "Authorization", token);
      assertThat(response.status()).isEqualTo(400);
      assertThat(response.reason()).isEqualTo("Parameter verification failed.");
      assertThat(response.header("Connection")).isEqualTo("close");
      assertThat(raw.closedByServerWithin(Duration.ofSeconds(10))).isTrue();
    }
  }

  @Test
  void answersUnknownPathsAndHeadWith501() throws Exception {
    try (RawHttps raw = new RawHttps(pve)) {
      RawHttps.Response unknown = raw.exchange("GET", "/api2/json/nodes/pve1/foo", "Authorization", token);
      assertThat(unknown.status()).isEqualTo(501);
      assertThat(unknown.reason()).isEqualTo("Method 'GET /nodes/pve1/foo' not implemented");
      assertThat(unknown.body()).isEqualTo("{\"data\":null}");
      assertThat(unknown.header("Connection")).isEqualTo("close");
    }
    try (RawHttps raw = new RawHttps(pve)) {
      RawHttps.Response head = raw.exchange("HEAD", "/api2/json/version", "Authorization", token);
      assertThat(head.status()).isEqualTo(501);
      assertThat(head.reason()).isEqualTo("method 'HEAD' not available");
      assertThat(head.header("Connection")).isEqualTo("close");
    }
  }

  @Test
  void answersADirectoryWithItsIndex() {
    Api.Answer node = api.get("/nodes/pve1");

    assertThat(node.status()).isEqualTo(200);
    assertThat(node.data().findValuesAsText("subdir")).contains("qemu", "lxc", "status", "storage", "tasks");
    assertThat(api.get("/").data().findValuesAsText("subdir")).contains("version", "cluster", "nodes", "storage");
  }

  @Test
  void refusesATokenWithoutSysAuditWith403NamingThePrivilege() throws Exception {
    String blind = "PVEAPIToken=blind@pve!probe=secret";
    try (RawHttps raw = new RawHttps(pve)) {
      RawHttps.Response status = raw.exchange("GET", "/api2/json/nodes/pve1/status", "Authorization", blind);
      assertThat(status.status()).isEqualTo(403);
      assertThat(status.reason()).isEqualTo("Permission check failed (/nodes/pve1, Sys.Audit)");
      assertThat(status.header("Connection")).isEqualTo("close");
    }
    assertThat(api.get("/cluster/status", "Authorization", blind).status()).isEqualTo(403);
    JsonNode resources = api.get("/cluster/resources", "Authorization", blind).data();
    assertThat(resources.findValuesAsText("type")).doesNotContain("node").contains("qemu", "storage");
    assertThat(api.get("/nodes/pve1/tasks", "Authorization", blind).data()).as("only its own tasks").isEmpty();
  }

  @Test
  void failsAGuestOnTheWrongNodeOrOfTheWrongTypeWith500() throws Exception {
    GuestSummary guest = pve.guests().stream().filter(g -> g.type() == GuestType.QEMU).findFirst().orElseThrow();
    String other = guest.node().equals("pve1") ? "pve2" : "pve1";

    try (RawHttps raw = new RawHttps(pve)) {
      RawHttps.Response wrongNode = raw.exchange("GET", "/api2/json/nodes/" + other + "/qemu/" + guest.vmid() + "/config",
          "Authorization", token);
      assertThat(wrongNode.status()).isEqualTo(500);
      assertThat(wrongNode.reason())
          .isEqualTo("Configuration file 'nodes/" + other + "/qemu-server/" + guest.vmid() + ".conf' does not exist");
      assertThat(wrongNode.header("Connection")).isEqualTo("close");
    }
    Api.Answer wrongType = api.get("/nodes/" + guest.node() + "/lxc/" + guest.vmid() + "/status/current");
    assertThat(wrongType.status()).isEqualTo(500);
    assertThat(api.get("/nodes/" + guest.node() + "/qemu/" + guest.vmid() + "/config").status()).isEqualTo(200);
  }

  @Test
  void failsAnUnknownNodeWith500AndABadVmidWith400() {
    Api.Answer unknown = api.get("/nodes/nowhere/status");
    assertThat(unknown.status()).isEqualTo(500);
    assertThat(unknown.header("Connection")).isEqualTo("close");

    Api.Answer small = api.get("/nodes/pve1/qemu/99/config");
    assertThat(small.status()).isEqualTo(400);
    assertThat(small.json().get("errors").get("vmid").asText()).isEqualTo("value must have a minimum value of 100");
  }

  @Test
  void answersLocalhostAsTheEntryNode() {
    assertThat(api.get("/nodes/localhost/status").status()).isEqualTo(200);
    assertThat(api.get("/nodes/localhost/tasks").data().get(0).get("node").asText()).isEqualTo("pve1");
  }
}
