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
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code steward proxmox discover} against the Proxmox VE simulator over real HTTPS, its certificate pinned. */
@DisplayName("steward proxmox discover reads a Proxmox VE cluster")
class ProxmoxDiscoverIT {
  private static final String TOKEN_ID = "steward@pve!probe";
  // A token secret is one ASCII word; a fresh one per run, so finding it in the output cannot be chance.
  private final String secret = UUID.randomUUID().toString();

  @TempDir
  Path temp;

  private ProxmoxSimulator pve;
  private StewardJar steward;
  private Path secretFile;

  @BeforeEach
  void setUp() throws IOException {
    pve = ProxmoxSimulator.builder().nodes(3).guests(6, 4).storages(2).tasksPerNode(5).seed(7)
        .authDelay(Duration.ofMillis(50)).unreachableDelay(Duration.ofMillis(50))
        .token(TOKEN_ID, secret)
        .start();
    steward = new StewardJar(temp);
    secretFile = temp.resolve("pve-token");
    Files.writeString(secretFile, secret + "\n");
  }

  @AfterEach
  void tearDown() {
    pve.close();
  }

  @Test
  @DisplayName("the tables list exactly the simulator's nodes, VMs and containers, then a summary line")
  void listsExactlyTheSimulatorsGuests() {
    StewardJar.Result result = discover(pve.fingerprint());

    assertThat(result.exitCode()).as(result.toString()).isZero();
    assertThat(firstColumn(section(result.out(), "Nodes"))).as(result.toString())
        .containsExactlyInAnyOrderElementsOf(pve.nodes());
    assertThat(firstColumn(section(result.out(), "VMs"))).as(result.toString())
        .containsExactlyInAnyOrderElementsOf(vmids(pve.guests().stream(), GuestType.QEMU));
    assertThat(firstColumn(section(result.out(), "Containers"))).as(result.toString())
        .containsExactlyInAnyOrderElementsOf(vmids(pve.guests().stream(), GuestType.LXC));
    assertThat(section(result.out(), "Storage")).as(result.toString()).isNotEmpty();
    assertThat(section(result.out(), "Tasks")).as(result.toString()).hasSize(3 * 5);
    assertThat(result.out()).as(result.toString()).doesNotContain("failed:")
        .containsPattern("server https://127\\.0\\.0\\.1:" + pve.port() + "\\S*, Proxmox VE \\S+, \\d+ requests, \\d+ ms");
    assertNoSecret(result);
  }

  @Test
  @DisplayName("--type lxc --node N shows only the containers of N, and no other table")
  void filtersByTypeAndNode() {
    String node = pve.nodes().get(1);

    StewardJar.Result result = discover(pve.fingerprint(), "--type", "lxc", "--node", node);

    assertThat(result.exitCode()).as(result.toString()).isZero();
    List<String> expected = vmids(pve.guests().stream().filter(g -> g.node().equals(node)), GuestType.LXC);
    assertThat(firstColumn(section(result.out(), "Containers"))).as(result.toString()).containsExactlyInAnyOrderElementsOf(expected);
    assertThat(section(result.out(), "Containers")).allSatisfy(row -> assertThat(row.get(2)).isEqualTo(node));
    assertThat(result.out()).as(result.toString()).doesNotContain("Nodes (").doesNotContain("VMs (")
        .doesNotContain("Storage (").doesNotContain("Tasks (");
    assertNoSecret(result);
  }

  @Test
  @DisplayName("--json prints one document with as many nodes, VMs, containers and tasks as the simulator has")
  void printsTheSameContentAsJson() throws IOException {
    StewardJar.Result result = discover(pve.fingerprint(), "--json");

    assertThat(result.exitCode()).as(result.toString()).isZero();
    JsonNode document = new ObjectMapper().readTree(result.out());
    assertThat(document.get("nodes")).hasSize(pve.nodes().size());
    assertThat(values(document.get("vms"), "vmid"))
        .containsExactlyInAnyOrderElementsOf(vmids(pve.guests().stream(), GuestType.QEMU));
    assertThat(values(document.get("containers"), "vmid"))
        .containsExactlyInAnyOrderElementsOf(vmids(pve.guests().stream(), GuestType.LXC));
    assertThat(document.get("tasks")).hasSize(3 * 5);
    assertThat(document.get("failures")).isEmpty();
    assertThat(document.get("requests").asInt()).isPositive();
    assertNoSecret(result);
  }

  @Test
  @DisplayName("the guests of a node that is down show as unknown, and a failure line names that node")
  void showsTheGuestsOfANodeThatIsDownAsUnknown() {
    String down = pve.nodes().get(2);
    pve.markNodeDown(down);

    StewardJar.Result result = discover(pve.fingerprint());

    assertThat(result.exitCode()).as(result.toString()).isZero();
    List<List<String>> guests = new ArrayList<>(section(result.out(), "VMs"));
    guests.addAll(section(result.out(), "Containers"));
    assertThat(firstColumn(guests)).as("not seen is not gone").containsExactlyInAnyOrderElementsOf(
        pve.guests().stream().map(g -> String.valueOf(g.vmid())).toList());
    assertThat(guests).as(result.toString()).filteredOn(row -> row.get(2).equals(down)).isNotEmpty()
        .allSatisfy(row -> assertThat(row.get(3)).isEqualTo("unknown"));
    assertThat(guests).as(result.toString()).filteredOn(row -> !row.get(2).equals(down)).isNotEmpty()
        .noneSatisfy(row -> assertThat(row.get(3)).isEqualTo("unknown"));
    assertThat(result.out()).as(result.toString()).containsPattern("(?m)^failed: guests on " + down + ": .+$");
    assertNoSecret(result);
  }

  @Test
  @DisplayName("a wrong pin fails with exit 1, printing the served fingerprint and the setting that pins it")
  void refusesACertificateThatIsNotThePinnedOne() {
    String wrong = String.join(":", Collections.nCopies(32, "AB"));

    StewardJar.Result result = discover(wrong);

    assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
    assertThat(result.err()).as(result.toString()).contains(pve.fingerprint()).contains("steward.proxmox.fingerprint");
    assertThat(result.out()).isEmpty();
    assertNoSecret(result);
  }

  @Test
  @DisplayName("a token secret the server refuses fails with exit 1 and a message that does not print it")
  void failsOnCredentialsTheServerRefuses() throws IOException {
    String wrongSecret = UUID.randomUUID().toString();
    Files.writeString(secretFile, wrongSecret + "\n");

    StewardJar.Result result = discover(pve.fingerprint());

    assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
    assertThat(result.err()).as(result.toString()).contains(TOKEN_ID).doesNotContain(wrongSecret);
    assertThat(result.out()).doesNotContain(wrongSecret);
  }

  @Test
  @DisplayName("without a URL and credentials it says which settings are missing and exits 2")
  void namesTheMissingSettings() {
    StewardJar.Result result = steward.run("proxmox", "discover");

    assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
    assertThat(result.err()).as(result.toString()).contains("steward.proxmox.url").contains("steward.proxmox.token-id");
  }

  @Test
  @DisplayName("a server that does not answer fails with exit 1 and names the server")
  void failsWhenTheServerIsUnreachable() {
    String url = "https://127.0.0.1:" + pve.port();
    pve.close();

    StewardJar.Result result = steward.run("--set", "steward.proxmox.url=" + url, "--set", "steward.proxmox.token-id=" + TOKEN_ID,
        "--set", "steward.proxmox.token-secret-file=" + secretFile, "--set", "steward.proxmox.retries=0",
        "proxmox", "discover");

    assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
    assertThat(result.err()).as(result.toString()).contains("127.0.0.1:" + pve.port());
    assertNoSecret(result);
  }

  private StewardJar.Result discover(String fingerprint, String... options) {
    List<String> args = new ArrayList<>(List.of(
        "--set", "steward.proxmox.url=" + pve.baseUri(),
        "--set", "steward.proxmox.token-id=" + TOKEN_ID,
        "--set", "steward.proxmox.token-secret-file=" + secretFile,
        "--set", "steward.proxmox.fingerprint=" + fingerprint,
        "proxmox", "discover"));
    args.addAll(Arrays.asList(options));
    return steward.run(args.toArray(String[]::new));
  }

  private void assertNoSecret(StewardJar.Result result) {
    assertThat(result.out() + result.err()).as("the token secret is never printed").doesNotContain(secret);
  }

  /** The rows of the table under the line {@code "TITLE (N)"}, each split into its cells; the header left out. */
  private static List<List<String>> section(String out, String title) {
    List<String> lines = out.lines().toList();
    int start = -1;
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).startsWith(title + " (")) {
        start = i + 2;
      }
    }
    assertThat(start).as("a table '" + title + "' in:\n" + out).isPositive();
    List<List<String>> rows = new ArrayList<>();
    for (int i = start; i < lines.size() && !lines.get(i).isBlank(); i++) {
      // TextTable leaves at least two spaces between cells; cells hold at most single spaces.
      rows.add(List.of(lines.get(i).split("\\s{2,}")));
    }
    return rows;
  }

  private static List<String> firstColumn(List<List<String>> rows) {
    return rows.stream().map(row -> row.get(0)).toList();
  }

  private static List<String> vmids(Stream<GuestSummary> guests, GuestType type) {
    return guests.filter(g -> g.type() == type).map(g -> String.valueOf(g.vmid())).toList();
  }

  private static List<String> values(JsonNode array, String field) {
    return StreamSupport.stream(array.spliterator(), false).map(item -> item.get(field).asText()).toList();
  }
}
