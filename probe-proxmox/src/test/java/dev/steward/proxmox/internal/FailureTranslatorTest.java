package dev.steward.proxmox.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steward.proxmox.ApiToken;
import dev.steward.proxmox.NodeUnreachableException;
import dev.steward.proxmox.ProxmoxClient;
import dev.steward.proxmox.ProxmoxException;
import dev.steward.proxmox.ProxmoxParameterException;
import dev.steward.proxmox.ProxmoxPermissionException;
import dev.steward.proxmox.ProxmoxServerException;
import dev.steward.proxmox.Secret;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Status and body to exception: each kind, with the server's words where the body has them. */
class FailureTranslatorTest {
  private final FailureTranslator translator = new FailureTranslator(ProxmoxClient.builder("https://pve1:8006")
      .credentials(new ApiToken("steward@pve!probe", Secret.of("x"))).build().config());

  private ProxmoxException translate(String path, int status, String body) {
    return translator.status("GET " + path, path, status, body.getBytes(StandardCharsets.UTF_8));
  }

  @ParameterizedTest(name = "{0} needs {2} on {1}")
  @CsvSource({
      "/nodes/pve1/qemu/100/config, /vms/100, VM.Audit",
      "/nodes/pve1/lxc/101/status/current, /vms/101, VM.Audit",
      "/nodes/pve1/storage/local/content, /storage/local, Datastore.Audit",
      "/nodes/pve1/status, /nodes/pve1, Sys.Audit",
      "/nodes/pve1/tasks, /nodes/pve1, Sys.Audit",
      "/cluster/status, /, Sys.Audit"})
  @DisplayName("a 403 without the server's words names the privilege the endpoint needs")
  void namesTheNeededPrivilege(String path, String aclPath, String privilege) {
    ProxmoxPermissionException e = (ProxmoxPermissionException) translate(path, 403, "{\"data\":null}");

    assertThat(e.path()).hasValue(aclPath);
    assertThat(e.privilege()).hasValue(privilege);
    assertThat(e.statedByServer()).isFalse();
    assertThat(e.getMessage()).contains("pveum acl modify / --roles PVEAuditor --tokens 'steward@pve!probe'");
  }

  @Test
  @DisplayName("a 403 with the server's words takes the path and privilege from them")
  void readsThePermissionFromTheBody() {
    ProxmoxPermissionException e = (ProxmoxPermissionException) translate("/nodes/pve1/qemu/100/config", 403,
        "{\"data\":null,\"message\":\"Permission check failed (/vms/100, VM.Audit)\\n\"}");

    assertThat(e.path()).hasValue("/vms/100");
    assertThat(e.privilege()).hasValue("VM.Audit");
    assertThat(e.statedByServer()).isTrue();
  }

  @Test
  @DisplayName("a 400 lists every parameter's error; a 500 carries the message; 595 to 599 name the node")
  void translatesTheOtherStatuses() {
    ProxmoxParameterException bad = (ProxmoxParameterException) translate("/nodes/pve1/tasks", 400,
        "{\"data\":null,\"errors\":{\"limit\":\"value must have a minimum value of 0\",\"x\":\"property is not defined in schema\"}}");
    ProxmoxServerException failed = (ProxmoxServerException) translate("/nodes/pve1/qemu/9/config", 500,
        "{\"data\":null,\"message\":\"Configuration file 'nodes/pve1/qemu-server/9.conf' does not exist\\n\"}");
    ProxmoxServerException proxy = (ProxmoxServerException) translate("/version", 503, "<html>busy</html>");

    assertThat(bad.errors()).containsEntry("limit", "value must have a minimum value of 0").hasSize(2);
    assertThat(bad.getMessage()).endsWith("limit: value must have a minimum value of 0; x: property is not defined in schema");
    assertThat(failed.reason()).hasValue("Configuration file 'nodes/pve1/qemu-server/9.conf' does not exist");
    assertThat(failed.isTransient()).isFalse();
    assertThat(proxy.isTransient()).isTrue();
    for (int status : new int[] {595, 596, 597, 599}) {
      NodeUnreachableException down = (NodeUnreachableException) translate("/nodes/pve2/status", status, "");
      assertThat(down.node()).hasValue("pve2");
      assertThat(down.status()).hasValue(status);
      assertThat(down.isTransient()).isTrue();
    }
  }
}
