package dev.steward.examples.scenario;

import dev.steward.StewardException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A PostgreSQL cluster of its own for one scenario, from the server Debian's {@code postgresql}
 * package installs (under {@code /usr/lib/postgresql/VERSION/bin}): {@code initdb} into a fresh
 * folder with a generated password (scram-sha-256, 0600 file), listening on 127.0.0.1 at a free
 * port only, stopped and deleted on {@link #close}. As root the server runs as the package's
 * {@code postgres} user (initdb refuses root). Test data only: fsync is off.
 */
final class ThrowawayPostgres implements AutoCloseable {
  static final String USER = "steward";

  private final Path dir;
  private final Path bin;
  private final Path passwordFile;
  private final int port;
  private final boolean asPostgres;

  private ThrowawayPostgres(Path dir, Path bin, Path passwordFile, int port, boolean asPostgres) {
    this.dir = dir;
    this.bin = bin;
    this.passwordFile = passwordFile;
    this.port = port;
    this.asPostgres = asPostgres;
  }

  /** Makes and starts a cluster in a new temporary folder; its password goes to {@code passwordFile} (0600). */
  static ThrowawayPostgres start(Path passwordFile) {
    Path bin = serverBin();
    boolean root = "root".equals(System.getProperty("user.name"));
    Path dir;
    try {
      dir = Files.createTempDirectory("steward-pg-");
      byte[] random = new byte[18];
      new SecureRandom().nextBytes(random);
      String password = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
      Files.writeString(passwordFile, password, StandardCharsets.UTF_8);
      Files.setPosixFilePermissions(passwordFile, PosixFilePermissions.fromString("rw-------"));
      Path initPassword = dir.resolve("initdb-password");
      Files.writeString(initPassword, password, StandardCharsets.UTF_8);
      Files.setPosixFilePermissions(initPassword, PosixFilePermissions.fromString("rw-------"));
      if (root) {
        UserPrincipal postgres = dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("postgres");
        Files.setOwner(dir, postgres);
        Files.setOwner(initPassword, postgres);
      }
      ThrowawayPostgres server = new ThrowawayPostgres(dir, bin, passwordFile, freePort(), root);
      try {
        server.run("initdb", List.of(bin.resolve("initdb").toString(), "-D", dir.resolve("data").toString(), "-U", USER, "-N",
            "-A", "scram-sha-256", "--pwfile=" + initPassword, "-E", "UTF8", "--locale=C"));
        Files.delete(initPassword);
        server.pgCtl("start", "-o", "-p " + server.port + " -k " + dir + " -c listen_addresses=127.0.0.1 -c fsync=off"
            + " -c synchronous_commit=off -c full_page_writes=off");
        return server;
      } catch (RuntimeException e) {
        server.close();
        throw e;
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Could not prepare a throwaway PostgreSQL: " + e.getMessage(), e);
    }
  }

  /** The newest server Debian's packages installed, or an error that says how to get one. */
  private static Path serverBin() {
    try (Stream<Path> versions = Files.list(Path.of("/usr/lib/postgresql"))) {
      return versions.map(v -> v.resolve("bin"))
          .filter(b -> Files.isExecutable(b.resolve("initdb")) && Files.isExecutable(b.resolve("pg_ctl")))
          .max(Comparator.comparing(b -> Integer.parseInt(b.getParent().getFileName().toString().replaceAll("\\D", "0"))))
          .orElseThrow(ThrowawayPostgres::noServer);
    } catch (IOException e) {
      throw noServer();
    }
  }

  private static StewardException noServer() {
    return new StewardException("This scenario runs a PostgreSQL server of its own and found none under /usr/lib/postgresql:"
        + " install Debian's postgresql package (apt-get install postgresql; lab/postgres.sh start does) and run it again.");
  }

  String url() {
    return "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
  }

  Path passwordFile() {
    return passwordFile;
  }

  /** Stops the server fast (every session is cut) and starts it again on the same port. */
  void restart() {
    pgCtl("restart", "-m", "fast");
  }

  @Override
  public void close() {
    try {
      if (Files.exists(dir.resolve("data").resolve("postmaster.pid"))) {
        pgCtl("stop", "-m", "immediate");
      }
    } catch (RuntimeException e) {
      // Deleting the folder below is all that is left to do.
    } finally {
      ScenarioFolder.deleteRecursively(dir);
    }
  }

  private void pgCtl(String action, String... options) {
    List<String> command = new ArrayList<>(List.of(bin.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(),
        "-l", dir.resolve("server.log").toString(), "-w", "-t", "60"));
    command.addAll(List.of(options));
    command.add(action);
    run("pg_ctl " + action, command);
  }

  private void run(String what, List<String> command) {
    List<String> full = new ArrayList<>();
    if (asPostgres) {
      full.addAll(List.of("runuser", "-u", "postgres", "--"));
    }
    full.addAll(command);
    try {
      Path log = Files.createTempFile("steward-pg-", ".log");
      try {
        Process process = new ProcessBuilder(full).directory(Path.of("/").toFile()).redirectErrorStream(true)
            .redirectOutput(log.toFile()).start();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
          process.destroyForcibly();
          throw new StewardException("PostgreSQL's " + what + " did not finish within 120 s");
        }
        if (process.exitValue() != 0) {
          String server = Files.exists(dir.resolve("server.log")) ? "\n" + tail(dir.resolve("server.log")) : "";
          throw new StewardException("PostgreSQL's " + what + " failed (exit " + process.exitValue() + "):\n" + tail(log) + server);
        }
      } finally {
        Files.deleteIfExists(log);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Could not run PostgreSQL's " + what + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StewardException("Interrupted while PostgreSQL's " + what + " ran", e);
    }
  }

  private static String tail(Path file) throws IOException {
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 8), lines.size()));
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket()) {
      socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      return socket.getLocalPort();
    }
  }
}
