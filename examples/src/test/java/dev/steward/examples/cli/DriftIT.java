package dev.steward.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steward.status.StatusClient;
import dev.steward.status.StatusItem;
import dev.steward.status.StatusLocation;
import dev.steward.status.StatusUnavailableException;
import dev.steward.testsupport.Poll;
import dev.steward.testsupport.lab.Lab;
import dev.steward.testsupport.lab.LabService;
import dev.steward.testsupport.lab.RequiresLab;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;

/**
 * The mount-drift scenario end to end against the real Debian host container that
 * {@code lab/host-container.sh} runs: real pip editable installs, real bind mounts, changes made
 * by hand on the server through {@code docker exec}. The lab extension starts the container.
 */
@RequiresLab(LabService.HOST_CONTAINER)
class DriftIT {
  @TempDir
  Path dir;

  private HostContainer lab;
  private String project;
  private String root;
  private Path config;

  @BeforeEach
  void setUp(TestInfo test) throws Exception {
    lab = HostContainer.get();
    project = "it-" + test.getTestMethod().orElseThrow().getName().replaceAll("[^A-Za-z0-9]", "").toLowerCase();
    project = project.substring(0, Math.min(project.length(), 40));
    root = "/srv/it/" + project;
    // A fresh tiny pyproject package in a source root of its own, and whatever an earlier run left removed.
    lab.exec("set -e; for t in /etc/steward-it/" + project + ".yml /opt/steward-it/" + project + "/etc; do"
        + " while mountpoint -q $t; do umount $t; done; done;"
        + " python3 -m pip uninstall -y --break-system-packages " + project + " >/dev/null 2>&1 || true;"
        + " rm -rf " + root + " /etc/steward-it/" + project + ".yml /opt/steward-it/" + project
        + " /var/lib/steward-drift/" + project + ".cleanup;"
        + " mkdir -p " + root + "/" + project + "/pkg " + root + "/" + project + "/etc;"
        + " printf '[project]\\nname = \"" + project + "\"\\nversion = \"0.3\"\\n[build-system]\\nrequires = [\"setuptools\"]\\n"
        + "build-backend = \"setuptools.build_meta\"\\n[tool.setuptools]\\npackages = [\"pkg\"]\\n' > " + root + "/" + project + "/pyproject.toml;"
        + " touch " + root + "/" + project + "/pkg/__init__.py; echo 'a: 1' > " + root + "/" + project + "/etc/app.yml");
    config = writeConfig("alpha", lab.port());
  }

  @AfterEach
  void tearDown() throws Exception {
    if (lab != null) {
      cli("clean", "--force", "--state", dir.resolve("cleanup-state").toString(), project);
    }
  }

  private Path writeConfig(String client, int port) throws IOException {
    String source = root + "/" + project;
    Path file = dir.resolve(client + "-" + port + ".yml");
    Files.writeString(file, String.join("\n",
        "server:",
        "  host: 127.0.0.1",
        "  port: " + port,
        "  identity: " + lab.identity(),
        "  known_hosts: " + lab.knownHosts(),
        "  source_root: " + root,
        "  pip_install_options: [--break-system-packages, --no-build-isolation]",
        "  pip_uninstall_options: [--break-system-packages]",
        "client: " + client,
        "projects:",
        "  - name: " + project,
        "    source: " + source,
        "    mounts:",
        "      - {source: " + source + "/etc/app.yml, target: /etc/steward-it/" + project + ".yml}",
        "      - {source: " + source + "/etc, target: /opt/steward-it/" + project + "/etc}",
        "    service: " + service(),
        ""));
    return file;
  }

  /** The service that serves the project, for 'umount --restart': a unit that sleeps. */
  private String service() {
    return "steward-" + project + ".service";
  }

  private Cli.Result cli(String command, String... args) {
    return cli(config, command, args);
  }

  private Cli.Result cli(Path configFile, String command, String... args) {
    String[] all = Stream.concat(Stream.of("drift", command, "--config", configFile.toString()), Stream.of(args)).toArray(String[]::new);
    return Cli.cli().run(all);
  }

  private String state(String name) {
    return dir.resolve(name).toString();
  }

  private String row(Cli.Result result) {
    return result.out().lines().filter(l -> l.startsWith(project + " ")).findFirst().orElse("(no row for " + project + ")\n" + result);
  }

  private boolean mounted(String target) throws Exception {
    return lab.status("mountpoint -q " + target) == 0;
  }

  private boolean editable() throws Exception {
    return lab.exec("python3 -m pip list -e --format=freeze 2>/dev/null").contains(project + "==");
  }

  @Test
  void deletedLocalStateShowsOrphanAndSyncRestoresIt() throws Exception {
    Cli.Result mount = cli("mount", "--state", state("a"), project);
    assertThat(mount.exitCode()).as(mount.toString()).isZero();
    assertThat(editable()).isTrue();
    assertThat(mounted("/etc/steward-it/" + project + ".yml")).isTrue();
    assertThat(lab.exec("cat /etc/steward-it/" + project + ".yml")).isEqualTo("a: 1\n");
    assertThat(row(cli("show", "--state", state("a")))).contains("MOUNTED", "yes", "2/2", "OK");

    deleteTree(dir.resolve("a"));
    Cli.Result orphan = cli("show", "--state", state("a"));
    assertThat(row(orphan)).contains("yes", "2/2", "ORPHAN").doesNotContain("MOUNTED");
    Cli.Result server = cli("show", "--server-only", "--state", state("a"));
    assertThat(server.exitCode()).as(server.toString()).isZero();
    assertThat(row(server)).matches(java.util.regex.Pattern.quote(project) + " +yes +yes +.*")
        .contains("/etc/steward-it/" + project + ".yml", "/opt/steward-it/" + project + "/etc");
    assertThat(server.out()).startsWith("Server ").doesNotContain("ORPHAN").doesNotContain("LOCAL STATE");

    Cli.Result sync = cli("sync", "--state", state("a"));
    assertThat(sync.exitCode()).as(sync.toString()).isZero();
    assertThat(sync.out()).contains("recorded " + project + " as MOUNTED");
    assertThat(row(cli("show", "--state", state("a")))).contains("MOUNTED", "2/2", "OK");
    Cli.Result json = cli("show", "--state", state("a"), "--json");
    assertThat(json.out()).contains("\"class\" : \"OK\"", "\"mounts_present\" : 2", "\"local_state\" : \"MOUNTED\"");
  }

  @Test
  void halfUnmountedProjectIsPartial() throws Exception {
    assertThat(cli("mount", "--state", state("a"), project).exitCode()).isZero();
    lab.exec("umount /opt/steward-it/" + project + "/etc");

    Cli.Result show = cli("show", "--state", state("a"));
    assertThat(row(show)).contains("MOUNTED", "yes", "1/2", "PARTIAL", "missing mount:/opt/steward-it/" + project + "/etc");
    // Mounting again completes it, and says what it found already there.
    Cli.Result again = cli("mount", "--state", state("a"), project);
    assertThat(again.exitCode()).as(again.toString()).isZero();
    assertThat(again.out()).contains("already mounted (pip editable)", "bind mount already present: /etc/steward-it/" + project + ".yml");
    assertThat(mounted("/opt/steward-it/" + project + "/etc")).isTrue();
    assertThat(row(cli("show", "--state", state("a")))).contains("2/2", "OK");
  }

  @Test
  void changesMadeByHandOnTheServerAreSeen() throws Exception {
    assertThat(cli("mount", "--state", state("a"), project).exitCode()).isZero();
    // Someone removes it all by hand...
    lab.exec("umount /etc/steward-it/" + project + ".yml; umount /opt/steward-it/" + project + "/etc;"
        + " python3 -m pip uninstall -y --break-system-packages " + project);
    assertThat(row(cli("show", "--state", state("a")))).contains("MOUNTED", "no", "0/2", "STALE");
    Cli.Result sync = cli("sync", "--state", state("a"));
    assertThat(sync.out()).contains("recorded " + project + " as UNMOUNTED");
    assertThat(row(cli("show", "--state", state("a")))).contains("UNMOUNTED", "0/2", "ORPHAN", "its cleanup file is left on the server");

    // ...and mounts another project of the source root by hand, which no configuration knows.
    lab.exec("mkdir -p " + root + "/handmade/conf /srv/it-handmade-target && mount --bind " + root + "/handmade/conf /srv/it-handmade-target");
    try {
      Cli.Result show = cli("show", "--state", state("a"));
      assertThat(show.out()).contains("On the server, in no configuration:");
      assertThat(show.out().lines().filter(l -> l.startsWith("handmade "))).singleElement().asString().contains("no", "1");
      // clean leaves what no configuration knows alone unless it is named; it removes the leftover cleanup file.
      Cli.Result leftover = cli("clean", "--state", state("a"));
      assertThat(leftover.out()).as(leftover.toString()).contains("cleaning " + project, "rm -f -- /var/lib/steward-drift/" + project + ".cleanup")
          .doesNotContain("handmade");
      assertThat(lab.status("test -e /var/lib/steward-drift/" + project + ".cleanup")).isNotZero();
      assertThat(row(cli("show", "--state", state("a")))).contains("UNMOUNTED", "0/2", "OK");
      assertThat(mounted("/srv/it-handmade-target")).isTrue();
      Cli.Result named = cli("clean", "--state", state("a"), "handmade");
      assertThat(named.exitCode()).as(named.toString()).isZero();
      assertThat(named.out()).contains("umount /srv/it-handmade-target");
      assertThat(mounted("/srv/it-handmade-target")).isFalse();
    } finally {
      lab.exec("mountpoint -q /srv/it-handmade-target && umount /srv/it-handmade-target; rmdir /srv/it-handmade-target || true");
    }
  }

  @Test
  void aSecondClientSeesAnotherClientsMountAndDoesNotCleanIt() throws Exception {
    Path beta = writeConfig("beta", lab.port());
    assertThat(cli("mount", "--state", state("alpha"), project).exitCode()).isZero();

    Cli.Result show = cli(beta, "show", "--state", state("beta"));
    assertThat(row(show)).contains("ORPHAN", "mounted by client alpha");
    Cli.Result clean = cli(beta, "clean", "--state", state("beta"), project);
    assertThat(clean.exitCode()).as(clean.toString()).isEqualTo(ExitCodes.FAILED);
    assertThat(clean.out()).contains("was mounted by client alpha");
    assertThat(mounted("/etc/steward-it/" + project + ".yml")).isTrue();
    assertThat(editable()).isTrue();
    assertThat(row(cli("show", "--state", state("alpha")))).contains("MOUNTED", "2/2", "OK");
  }

  @Test
  void theClientsStateMayLiveInPostgres() throws Exception {
    Properties pg = Lab.properties(LabService.POSTGRES);
    String schema = "drift" + ProcessHandle.current().pid() + "_" + System.nanoTime() % 1_000_000;
    List<String> global = List.of("--set", "steward.postgres.url=" + pg.getProperty("url"),
        "--set", "steward.postgres.user=" + pg.getProperty("user"),
        "--set", "steward.postgres.password-file=" + pg.getProperty("password_file"),
        "--set", "steward.postgres.schema=" + schema);
    try {
      Cli.Result mount = postgresCli(global, "mount", project);
      assertThat(mount.exitCode()).as(mount.toString()).isZero();
      assertThat(mounted("/etc/steward-it/" + project + ".yml")).isTrue();

      Cli.Result show = postgresCli(global, "show");
      assertThat(show.exitCode()).as(show.toString()).isZero();
      assertThat(row(show)).contains("MOUNTED", "OK");
      assertThat(Files.exists(dir.resolve("state"))).as("no file store was made").isFalse();

      Cli.Result umount = postgresCli(global, "umount", project);
      assertThat(umount.exitCode()).as(umount.toString()).isZero();
      assertThat(mounted("/etc/steward-it/" + project + ".yml")).isFalse();
      Cli.Result both = Cli.cli().run("drift", "show", "--config", config.toString(), "--store", "postgres", "--state", state("x"));
      assertThat(both.exitCode()).isEqualTo(2);
      assertThat(both.err()).contains("--state is the file store's folder; with --store postgres leave it out");
    } finally {
      try (java.sql.Connection c = java.sql.DriverManager.getConnection(pg.getProperty("url"), pg.getProperty("user"),
          Files.readString(Path.of(pg.getProperty("password_file")), StandardCharsets.UTF_8).strip());
          java.sql.Statement s = c.createStatement()) {
        s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
      }
    }
  }

  private Cli.Result postgresCli(List<String> global, String command, String... args) {
    String[] all = Stream.of(global.stream(), Stream.of("drift", command, "--config", config.toString(), "--store", "postgres"),
        Stream.of(args)).flatMap(x -> x).toArray(String[]::new);
    return Cli.cli().run(all);
  }

  @Test
  void anUnreachableServerIsUnknownAndNothingIsCleaned() throws Exception {
    assertThat(cli("mount", "--state", state("a"), project).exitCode()).isZero();
    // The server's sshd goes away: the container's published port no longer leads to an SSH server.
    lab.exec("systemctl stop ssh.service");
    try {
      Cli.Result show = cli("show", "--state", state("a"));
      assertThat(show.exitCode()).isEqualTo(ExitCodes.FAILED);
      assertThat(show.out()).contains("Server 127.0.0.1:" + lab.port() + ": UNKNOWN");
      assertThat(row(show)).contains("MOUNTED", "?/2", "UNKNOWN");
      deleteTree(dir.resolve("a"));
      Cli.Result clean = cli("clean", "--state", state("a"));
      assertThat(clean.exitCode()).isEqualTo(ExitCodes.FAILED);
      assertThat(clean.err()).contains("clean changed nothing", "could not be observed");
      Cli.Result sync = cli("sync", "--state", state("a"));
      assertThat(sync.err()).contains("sync changed nothing");
    } finally {
      lab.exec("systemctl start ssh.service");
    }
    assertThat(mounted("/etc/steward-it/" + project + ".yml")).isTrue();
    assertThat(editable()).isTrue();
  }

  @Test
  void cleanDryRunChangesNothingAndCleanRemovesEverything() throws Exception {
    assertThat(cli("mount", "--state", state("a"), project).exitCode()).isZero();
    deleteTree(dir.resolve("a"));
    String before = lab.exec("findmnt --json; ls /var/lib/steward-drift; python3 -m pip list -e --format=freeze");

    Cli.Result dry = cli("clean", "--dry-run", "--state", state("a"));
    assertThat(dry.exitCode()).as(dry.toString()).isZero();
    assertThat(dry.out()).contains("would clean " + project, "umount /etc/steward-it/" + project + ".yml",
        "pip uninstall -y --break-system-packages " + project, "(dry run: nothing was changed on the server)");
    assertThat(lab.exec("findmnt --json; ls /var/lib/steward-drift; python3 -m pip list -e --format=freeze")).isEqualTo(before);

    Cli.Result clean = cli("clean", "--state", state("a"));
    assertThat(clean.exitCode()).as(clean.toString()).isZero();
    assertThat(mounted("/etc/steward-it/" + project + ".yml")).isFalse();
    assertThat(mounted("/opt/steward-it/" + project + "/etc")).isFalse();
    assertThat(editable()).isFalse();
    assertThat(lab.status("test -e /etc/steward-it/" + project + ".yml || test -e /opt/steward-it/" + project + "/etc"
        + " || test -e /var/lib/steward-drift/" + project + ".cleanup")).isNotZero();
    assertThat(row(cli("show", "--state", state("a")))).contains("no", "0/2", "not mounted");
  }

  @Test
  void umountTakesTheProjectOffInOrderAndRestartsItsService() throws Exception {
    lab.exec("printf '[Service]\\nExecStart=/bin/sleep infinity\\n' > /etc/systemd/system/" + service()
        + " && systemctl daemon-reload && systemctl restart " + service());
    try {
      String before = lab.exec("systemctl show -p InvocationID --value " + service()).strip();
      assertThat(cli("mount", "--state", state("a"), project).exitCode()).isZero();

      Cli.Result dry = cli("umount", "--dry-run", "--state", state("a"), project);
      assertThat(dry.out()).as(dry.toString()).contains("would unmount " + project, "(dry run: nothing was changed on the server)");
      assertThat(mounted("/etc/steward-it/" + project + ".yml")).isTrue();

      Cli.Result umount = cli("umount", "--restart", "--state", state("a"), project);
      assertThat(umount.exitCode()).as(umount.toString()).isZero();
      List<String> lines = umount.out().lines().map(String::strip).toList();
      int pip = lines.indexOf("python3 -m pip uninstall -y --break-system-packages " + project);
      int deep = lines.indexOf("umount /opt/steward-it/" + project + "/etc");
      int shallow = lines.indexOf("umount /etc/steward-it/" + project + ".yml");
      assertThat(pip).as(umount.out()).isNotNegative().isLessThan(Math.min(deep, shallow));
      assertThat(deep).as("the deeper target first").isLessThan(shallow);
      assertThat(umount.out()).contains("restarted " + service());
      assertThat(mounted("/etc/steward-it/" + project + ".yml")).isFalse();
      assertThat(mounted("/opt/steward-it/" + project + "/etc")).isFalse();
      assertThat(editable()).isFalse();
      assertThat(lab.status("test -e /var/lib/steward-drift/" + project + ".cleanup")).isNotZero();
      assertThat(lab.exec("systemctl show -p InvocationID --value " + service()).strip()).isNotEqualTo(before);
      assertThat(row(cli("show", "--state", state("a")))).contains("UNMOUNTED", "no", "0/2");
    } finally {
      lab.exec("systemctl stop " + service() + "; rm -f /etc/systemd/system/" + service() + "; systemctl daemon-reload");
    }
  }

  @Test
  void umountWorksWithoutLocalStateAndForceGoesOnPastAFailingStep() throws Exception {
    assertThat(cli("mount", "--state", state("a"), project).exitCode()).isZero();
    deleteTree(dir.resolve("a"));
    // Something holds the deeper target: its umount fails; --force goes on and says so.
    lab.exec("mkdir -p /opt/steward-it/" + project + "/etc/held && mount -t tmpfs tmpfs /opt/steward-it/" + project + "/etc/held");
    try {
      Cli.Result refused = cli("umount", "--state", state("a"), project);
      assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(1);
      Cli.Result forced = cli("umount", "--force", "--state", state("a"), project);
      assertThat(forced.exitCode()).as(forced.toString()).isEqualTo(1);
      assertThat(forced.out()).contains("these steps failed: umount /opt/steward-it/" + project + "/etc");
      assertThat(mounted("/etc/steward-it/" + project + ".yml")).isFalse();
      assertThat(editable()).isFalse();
      assertThat(lab.status("test -e /var/lib/steward-drift/" + project + ".cleanup")).as("the steps after the failing one ran").isNotZero();
      Cli.Result show = cli("show", "--state", state("a"));
      assertThat(row(show)).as(show.toString()).contains("ORPHAN");
    } finally {
      lab.exec("umount /opt/steward-it/" + project + "/etc/held 2>/dev/null; true");
    }
    Cli.Result rest = cli("umount", "--state", state("a"), project);
    assertThat(rest.exitCode()).as(rest.toString()).isZero();
    assertThat(mounted("/opt/steward-it/" + project + "/etc")).isFalse();
    assertThat(lab.status("test -e /var/lib/steward-drift/" + project + ".cleanup")).isNotZero();
  }

  private static int closedPort() throws IOException {
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  @Test
  void syncWatchShowsTheProjectsInTheLiveStatusAndFollowsTheServer() throws Exception {
    assertThat(cli("mount", "--state", state("a"), project).exitCode()).isZero();
    Path statusDir = Files.createDirectories(dir.resolve("run"));
    StatusClient status = StatusClient.of(StatusLocation.of(statusDir, "drift-it"));
    String java = ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    Path log = dir.resolve("watch.log");
    Process watch = new ProcessBuilder(java, "-jar", Path.of(System.getProperty("steward.jar", "target/steward.jar")).toAbsolutePath().toString(),
        "-s", "steward.status.dir=" + statusDir, "-s", "steward.instance=drift-it",
        "drift", "sync", "--watch", "1s", "--config", config.toString(), "--state", state("a"))
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    try {
      StatusItem mounted = Poll.value("the project in the live status", () -> item(status));
      assertThat(mounted.kind()).isEqualTo("project");
      assertThat(mounted.state()).isEqualTo("MOUNTED");
      assertThat(mounted.attributes()).containsEntry("source_path", root + "/" + project);

      // Taken off the server by hand: the next pass records it as gone, and the status follows.
      lab.exec("umount /etc/steward-it/" + project + ".yml; umount /opt/steward-it/" + project + "/etc;"
          + " python3 -m pip uninstall -y --break-system-packages " + project + " >/dev/null 2>&1");
      StatusItem gone = Poll.value("the project UNMOUNTED in the live status",
          () -> item(status).filter(i -> i.state().equals("UNMOUNTED")));
      assertThat(gone.reason()).isEqualTo("sync: as UNMOUNTED (was MOUNTED): not on 127.0.0.1:" + lab.port());
      assertThat(((java.util.Map<?, ?>) status.call("pause")).get("changed")).isEqualTo(true);
    } finally {
      watch.destroy();
      assertThat(watch.waitFor(60, TimeUnit.SECONDS)).as("the watch stops on SIGTERM").isTrue();
    }
    assertThat(watch.exitValue()).as(Files.readString(log)).isIn(0, 143);
    assertThat(Files.readString(log)).contains("Syncing local state with 127.0.0.1:" + lab.port() + " every 1s", "Stopped cleanly.");
    assertThat(statusDir.resolve("drift-it.status.json")).as("the status file goes with a clean stop").doesNotExist();
  }

  /** The project's item in the live status, once the watch answers and shows it. */
  private java.util.Optional<StatusItem> item(StatusClient status) {
    try (StatusClient.Connection connection = status.connect()) {
      // Off this machine an item is named with its host: the project is on the lab host.
      return connection.status().items().stream().filter(i -> i.id().equals(project + "@127.0.0.1:" + lab.port())).findFirst();
    } catch (StatusUnavailableException e) {
      return java.util.Optional.empty();
    }
  }

  private static void deleteTree(Path path) throws IOException {
    if (!Files.exists(path)) {
      return;
    }
    try (Stream<Path> files = Files.walk(path)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  /** The host container lab/host-container.sh runs, as its hosts.properties describes it. */
  record HostContainer(String container, int port, Path identity, Path knownHosts) {
    /** The first host, started by the lab extension if this JVM has not started it yet. */
    static HostContainer get() {
      Properties p = Lab.properties(LabService.HOST_CONTAINER);
      return new HostContainer(p.getProperty("host.1.container"), Integer.parseInt(p.getProperty("host.1.port")),
          Path.of(p.getProperty("identity")), Path.of(p.getProperty("known_hosts")));
    }

    /** Runs a shell line in the container as root; its stdout, or an error with its output. */
    String exec(String line) throws Exception {
      Process process = new ProcessBuilder(List.of("docker", "exec", container, "sh", "-c", line)).redirectErrorStream(true).start();
      String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
        throw new IllegalStateException("docker exec " + container + " sh -c '" + line + "' failed: " + out);
      }
      return out;
    }

    int status(String line) throws Exception {
      Process process = new ProcessBuilder(List.of("docker", "exec", container, "sh", "-c", line)).redirectErrorStream(true).start();
      process.getInputStream().readAllBytes();
      process.waitFor(120, TimeUnit.SECONDS);
      return process.exitValue();
    }
  }
}
