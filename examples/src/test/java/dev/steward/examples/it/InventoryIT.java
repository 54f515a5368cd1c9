package dev.steward.examples.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.steward.proxmox.simulator.GuestSummary;
import dev.steward.proxmox.simulator.GuestType;
import dev.steward.proxmox.simulator.ProxmoxSimulator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code steward inventory sync|list|changes} against the Proxmox VE simulator, each a process of its own. */
@DisplayName("steward inventory keeps a Proxmox cluster's inventory and its changes")
class InventoryIT {
  private static final String TOKEN_ID = "steward@pve!inventory";
  private final String secret = UUID.randomUUID().toString();
  private final ObjectMapper json = new ObjectMapper();

  @TempDir
  Path temp;

  private ProxmoxSimulator pve;
  private StewardJar steward;
  private Path secretFile;
  private Path dir;

  @BeforeEach
  void setUp() throws IOException {
    pve = ProxmoxSimulator.builder().nodes(3).guests(6, 4).storages(2).tasksPerNode(5).seed(7)
        .authDelay(Duration.ofMillis(50)).unreachableDelay(Duration.ofMillis(50))
        .token(TOKEN_ID, secret)
        .start();
    steward = new StewardJar(temp);
    secretFile = temp.resolve("pve-token");
    Files.writeString(secretFile, secret + "\n");
    dir = temp.resolve("inventory");
  }

  @AfterEach
  void tearDown() {
    pve.close();
  }

  @Test
  @DisplayName("sync adds everything once; a second sync records nothing; a change to the cluster is one line in 'changes'")
  void syncsAndListsChanges() throws IOException {
    StewardJar.Result first = inventory("sync", "--json");
    assertThat(first.exitCode()).as(first.toString()).isZero();
    JsonNode added = json.readTree(first.out()).get("changes");
    assertThat(added).hasSize(3 + pve.guests().size() + 3 * 2 + 3 * 5);
    assertThat(added).allSatisfy(c -> assertThat(c.get("type").asText()).isEqualTo("ADDED"));
    assertThat(Files.getPosixFilePermissions(dir.resolve("journal.log"))).isEqualTo(PosixFilePermissions.fromString("rw-------"));

    StewardJar.Result again = inventory("sync");
    assertThat(again.exitCode()).as(again.toString()).isZero();
    assertThat(again.out()).as(again.toString()).contains("Synced 127.0.0.1: 0 added, 0 changed, 0 removed, 0 unknown;")
        .doesNotContain(" AT ");

    GuestSummary ct = pve.guests().stream().filter(g -> g.type() == GuestType.LXC).findFirst().orElseThrow();
    pve.setMemory(ct.vmid(), ct.memoryMb() + 512);
    StewardJar.Result raised = inventory("sync");
    assertThat(raised.out()).as(raised.toString())
        .containsPattern("(?m)^\\S+ +changed +pve-lxc/" + ct.vmid() + "@127\\.0\\.0\\.1 +config\\.memory: " + ct.memoryMb() + " -> "
            + (ct.memoryMb() + 512) + "; maxmem: \\d+ -> \\d+$")
        .contains("Synced 127.0.0.1: 0 added, 1 changed, 0 removed, 0 unknown;");

    StewardJar.Result changes = inventory("changes", "--resource", "pve-lxc/" + ct.vmid() + "@127.0.0.1", "--json");
    assertThat(changes.exitCode()).as(changes.toString()).isZero();
    JsonNode feed = json.readTree(changes.out()).get("changes");
    assertThat(feed).extracting(c -> c.get("type").asText()).containsExactly("ADDED", "CHANGED");
    assertThat(feed.get(1).get("fields").get("config.memory").get("before").asText()).isEqualTo(Long.toString(ct.memoryMb()));
    assertThat(feed.get(1).get("fields").get("config.memory").get("after").asText()).isEqualTo(Long.toString(ct.memoryMb() + 512));

    StewardJar.Result recent = inventory("changes", "--since", "1h", "--type", "changed");
    assertThat(recent.out()).as(recent.toString()).contains("1 change.");
    StewardJar.Result none = inventory("changes", "--type", "removed");
    assertThat(none.out()).as(none.toString()).startsWith("No change matches in ");

    StewardJar.Result list = inventory("list", "--kind", "pve-node");
    assertThat(list.exitCode()).as(list.toString()).isZero();
    assertThat(list.out()).as(list.toString()).contains("3 records in ")
        .containsPattern("(?m)^pve-node/pve1@127\\.0\\.0\\.1 +PRESENT ");
    assertNoSecret(first, again, raised, changes, recent, none, list);
  }

  @Test
  @DisplayName("a node that is down: its guests are listed UNKNOWN, nothing is removed")
  void aNodeDownLeavesGuestsUnknown() {
    assertThat(inventory("sync").exitCode()).isZero();
    String down = pve.nodes().get(2);
    long onIt = pve.guests().stream().filter(g -> g.node().equals(down)).count();
    pve.markNodeDown(down);

    StewardJar.Result sync = inventory("sync");
    assertThat(sync.exitCode()).as(sync.toString()).isZero();
    assertThat(sync.out()).as(sync.toString()).contains("0 removed")
        .containsPattern("(?m)^\\S+ +changed +pve-node/" + down + "@127\\.0\\.0\\.1 +state: online -> offline$");
    StewardJar.Result unknown = inventory("list", "--state", "unknown");
    assertThat(unknown.out().lines().filter(l -> l.startsWith("pve-qemu/") || l.startsWith("pve-lxc/")).count())
        .as(unknown.toString()).isEqualTo(onIt);
    assertThat(inventory("changes", "--type", "removed").out()).startsWith("No change matches");
  }

  @Test
  @DisplayName("credentials the server refuses: exit 1, nothing written, the secret not printed")
  void aRefusedSyncWritesNothing() throws IOException {
    assertThat(inventory("sync").exitCode()).isZero();
    byte[] journal = Files.readAllBytes(dir.resolve("journal.log"));
    Files.writeString(secretFile, "wrong-" + UUID.randomUUID() + "\n");

    StewardJar.Result refused = inventory("sync");
    assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(1);
    assertThat(refused.err()).as(refused.toString()).contains(TOKEN_ID).contains("Nothing was written.");
    assertThat(Files.readAllBytes(dir.resolve("journal.log"))).isEqualTo(journal);
  }

  @Test
  @DisplayName("list and changes on a folder without state say so and exit 1")
  void refusesAFolderWithoutState() {
    StewardJar.Result list = steward.run("inventory", "list", "--dir", temp.resolve("nothing").toString());
    assertThat(list.exitCode()).as(list.toString()).isEqualTo(1);
    assertThat(list.err()).contains("no state directory at").contains("steward inventory sync --dir");
  }

  private StewardJar.Result inventory(String command, String... options) {
    List<String> args = new ArrayList<>(List.of(
        "--set", "steward.proxmox.url=" + pve.baseUri(),
        "--set", "steward.proxmox.token-id=" + TOKEN_ID,
        "--set", "steward.proxmox.token-secret-file=" + secretFile,
        "--set", "steward.proxmox.fingerprint=" + pve.fingerprint(),
        "inventory", command, "--dir", dir.toString()));
    args.addAll(Arrays.asList(options));
    return steward.run(args.toArray(String[]::new));
  }

  private void assertNoSecret(StewardJar.Result... results) {
    for (StewardJar.Result result : results) {
      assertThat(result.out() + result.err()).as("the token secret is never printed").doesNotContain(secret);
    }
  }
}
