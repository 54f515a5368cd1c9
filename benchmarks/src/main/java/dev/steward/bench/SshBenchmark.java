package dev.steward.bench;

import dev.steward.Command;
import dev.steward.Settings;
import dev.steward.probe.ssh.FanOutReport;
import dev.steward.probe.ssh.HostOutcome;
import dev.steward.probe.ssh.SshFanOut;
import dev.steward.probe.ssh.SshSettings;
import dev.steward.probe.ssh.SshTransport;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * The SSH benchmark: starts {@code hosts} OpenSSH sshd "hosts" on 127.0.1.1 ... (at most 16
 * listen addresses per sshd process), then probes each with the same three commands through
 * Steward's fan-out with a fresh pool (cold) and again with the pool warm, and through OpenSSH's
 * own {@code ssh} with ControlMaster reuse under {@code xargs -P 10}, cold and warm. Logs in as
 * the plain user of {@code lab/sshd.sh} (shell /bin/sh). The servers offer OpenSSH's stock key
 * exchanges, and each client picks its own default from them: OpenSSH's client sntrup761x25519
 * (about 170 ms of server CPU per connection), Steward's ML-KEM or else curve25519 (about 35 ms).
 * With {@code --same-kex} the servers offer curve25519-sha256 only, so both clients pay the same
 * server-side cost per connection. Prints the figures side by side and the heap each open session
 * costs. Not thread-safe; run once.
 */
final class SshBenchmark {
  private static final int ADDRESSES_PER_SSHD = 16;
  private static final List<List<String>> COMMANDS = List.of(
      List.of("findmnt", "--json"), List.of("cat", "/proc/self/mountinfo"), List.of("uname", "-a"));

  /**
   * @param sameKex when true the servers offer curve25519-sha256 only, so both clients use it; by
   *     default they offer OpenSSH's stock list and each client picks its own default
   */
  record Options(int hosts, int concurrency, int port, int warmRounds, Path dir, boolean sameKex) {
    static Options parse(List<String> args) {
      int hosts = 100;
      int concurrency = 16;
      int port = 2422;
      int rounds = 3;
      Path dir = Path.of(System.getProperty("java.io.tmpdir"), "steward-bench-ssh");
      boolean sameKex = false;
      for (int i = 0; i < args.size(); i++) {
        String value = i + 1 < args.size() ? args.get(i + 1) : null;
        switch (args.get(i)) {
          case "--hosts" -> hosts = OptionValues.number("--hosts", value, 1, 254);
          case "--concurrency" -> concurrency = OptionValues.number("--concurrency", value, 1, 256);
          case "--port" -> port = OptionValues.number("--port", value, 1024, 65535);
          case "--rounds" -> rounds = OptionValues.number("--rounds", value, 1, 20);
          case "--same-kex" -> {
            sameKex = true;
            i--;
          }
          case "--dir" -> {
            if (value == null) {
              throw new IllegalArgumentException("--dir needs a directory");
            }
            dir = Path.of(value);
          }
          default -> throw new IllegalArgumentException("unknown option '" + args.get(i) + "' for the ssh benchmark");
        }
        i++;
      }
      return new Options(hosts, concurrency, port, rounds, dir, sameKex);
    }
  }

  /** What lab/sshd.sh set up: the plain user and its key. */
  private record Lab(String user, Path identity, String sshd) {}

  private final Options options;
  private final PrintStream out;
  private final List<Path> pidFiles = new ArrayList<>();

  SshBenchmark(Options options, PrintStream out) {
    this.options = options;
    this.out = out;
  }

  /** Runs the whole benchmark; 0 when every figure was produced and every host answered. */
  int run() throws IOException, InterruptedException {
    Lab lab = lab();
    Path dir = options.dir().toAbsolutePath();
    Files.createDirectories(dir);
    List<String> addresses = new ArrayList<>();
    for (int i = 1; i <= options.hosts(); i++) {
      addresses.add("127.0.1." + i);
    }
    Thread stopper = new Thread(this::stopServers, "stop-bench-sshd");
    Runtime.getRuntime().addShutdownHook(stopper);
    try {
      Path knownHosts = startServers(lab, dir, addresses);
      double load = load();
      out.printf(Locale.ROOT, "ssh benchmark: %d hosts on %s..%s port %d (%d sshd processes), 3 commands each (%s),%n"
          + "  as %s (shell /bin/sh), key exchange %s, %d cores, load average %.2f at start%n%n",
          addresses.size(), addresses.get(0), addresses.get(addresses.size() - 1), options.port(), pidFiles.size(),
          String.join(", ", COMMANDS.stream().map(c -> String.join(" ", c)).toList()), lab.user(),
          options.sameKex() ? "curve25519-sha256 for both (the only one the servers offer, --same-kex)"
              : "each client's default from the servers' stock OpenSSH list (OpenSSH: sntrup761x25519; Steward: curve25519)",
          Runtime.getRuntime().availableProcessors(), load);
      List<String> hosts = addresses.stream().map(a -> lab.user() + "@" + a + ":" + options.port()).toList();
      Steward steward = steward(lab, knownHosts, hosts);
      OpenSsh openssh = openssh(lab, knownHosts, dir, addresses);
      print(steward, openssh);
      boolean ok = steward.failures == 0 && openssh.failures == 0;
      out.printf(Locale.ROOT, "%nload average at end %.2f (the machine is shared: compare ratios, not absolutes)%n", load());
      return ok ? 0 : 1;
    } finally {
      stopServers();
      Runtime.getRuntime().removeShutdownHook(stopper);
    }
  }

  private record Steward(double coldFirst, double coldAgain, List<Double> warm, double heapPerSessionKiB, double cpuColdSeconds,
      double cpuColdAgainSeconds, int failures) {}

  private record OpenSsh(double cold, List<Double> warm, int failures) {}

  private Steward steward(Lab lab, Path knownHosts, List<String> hosts) {
    Settings settings = Settings.builder()
        .set(SshSettings.KNOWN_HOSTS, knownHosts)
        .set(SshSettings.IDENTITY_FILES, lab.identity().toString())
        .set(SshSettings.CONFIG_FILE, "none")
        .set(SshSettings.AGENT, "none")
        .build();
    List<Command> commands = COMMANDS.stream().map(Command::of).toList();
    int failures = 0;
    try (SshTransport transport = SshTransport.open(settings)) {
      SshFanOut fanOut = SshFanOut.builder(transport).concurrency(options.concurrency()).build();
      long cpu0 = processCpuNanos();
      FanOutReport cold = fanOut.run(hosts, commands);
      double cpuCold = (processCpuNanos() - cpu0) / 1e9;
      failures += check("Steward cold", cold);
      List<Double> warm = new ArrayList<>();
      for (int i = 0; i < options.warmRounds(); i++) {
        FanOutReport round = fanOut.run(hosts, commands);
        failures += check("Steward warm", round);
        warm.add(seconds(round.elapsed()));
      }
      long withSessions = usedHeapAfterGc();
      int open = transport.openSessions();
      transport.closeIdleSessions();
      long without = usedHeapAfterGc();
      double perSession = open == 0 ? Double.NaN : (withSessions - without) / 1024.0 / open;
      long cpu1 = processCpuNanos();
      FanOutReport again = fanOut.run(hosts, commands);
      double cpuAgain = (processCpuNanos() - cpu1) / 1e9;
      failures += check("Steward cold again", again);
      return new Steward(seconds(cold.elapsed()), seconds(again.elapsed()), warm, perSession, cpuCold, cpuAgain, failures);
    }
  }

  private int check(String what, FanOutReport report) {
    List<HostOutcome> failed = report.failed();
    if (!failed.isEmpty()) {
      out.printf("%s: %d hosts failed, e.g. %s: %s%n", what, failed.size(), failed.get(0).host(),
          failed.get(0).failure().orElseThrow().message());
    }
    long nonZero = report.completed().stream().flatMap(o -> o.results().stream()).filter(r -> r.exitCode() != 0).count();
    if (nonZero > 0) {
      out.printf("%s: %d commands exited non-zero%n", what, nonZero);
    }
    return failed.size() + (int) nonZero;
  }

  private OpenSsh openssh(Lab lab, Path knownHosts, Path dir, List<String> addresses) throws IOException, InterruptedException {
    Path controlDir = Files.createTempDirectory(Path.of("/tmp"), "stcm");
    Path script = dir.resolve("probe-host.sh");
    String options = "-F /dev/null -o BatchMode=yes -o StrictHostKeyChecking=yes -o UserKnownHostsFile=" + knownHosts
        + " -o IdentitiesOnly=yes -i " + lab.identity() + " -o ControlMaster=auto -o ControlPath=" + controlDir
        + "/%C -o ControlPersist=300 -p " + this.options.port() + " -l " + lab.user();
    StringBuilder body = new StringBuilder("#!/bin/sh\n# One host, three commands, one ControlMaster connection.\nh=\"$1\"\n");
    body.append("o='").append(options).append("'\n");
    List<String> steps = new ArrayList<>();
    for (List<String> command : COMMANDS) {
      steps.add("ssh $o \"$h\" " + String.join(" ", command) + " >/dev/null");
    }
    body.append(String.join(" && ", steps)).append(" || echo \"FAILED $h\" >&2\n");
    Files.writeString(script, body.toString());
    Path hostList = dir.resolve("hosts.txt");
    Files.writeString(hostList, String.join("\n", addresses) + "\n");
    int failures = 0;
    try {
      Timed cold = xargs(script, hostList);
      failures += cold.failures;
      List<Double> warm = new ArrayList<>();
      for (int i = 0; i < this.options.warmRounds(); i++) {
        Timed round = xargs(script, hostList);
        failures += round.failures;
        warm.add(round.seconds);
      }
      return new OpenSsh(cold.seconds, warm, failures);
    } finally {
      for (String address : addresses) {
        exec(List.of("sh", "-c", "ssh " + options + " -O exit " + address + " 2>/dev/null; true"));
      }
      try (var files = Files.list(controlDir)) {
        for (Path f : files.toList()) {
          Files.deleteIfExists(f);
        }
      }
      Files.deleteIfExists(controlDir);
    }
  }

  private record Timed(double seconds, int failures) {}

  private Timed xargs(Path script, Path hostList) throws IOException, InterruptedException {
    long started = System.nanoTime();
    ProcessBuilder builder = new ProcessBuilder("xargs", "-P", "10", "-n", "1", "sh", script.toString())
        .redirectInput(hostList.toFile());
    Process process = builder.start();
    process.getOutputStream().close();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8)
        + new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    process.waitFor();
    double seconds = (System.nanoTime() - started) / 1e9;
    int failures = (int) output.lines().filter(l -> l.startsWith("FAILED")).count();
    if (failures > 0 || process.exitValue() != 0) {
      out.printf("OpenSSH: %d hosts failed (xargs exit %d): %s%n", failures, process.exitValue(),
          output.lines().limit(3).toList());
    }
    return new Timed(seconds, failures + (process.exitValue() != 0 && failures == 0 ? 1 : 0));
  }

  private void print(Steward s, OpenSsh o) {
    String format = "%-58s %10s %10s%n";
    out.printf(Locale.ROOT, format, "", "cold", "warm");
    out.printf(Locale.ROOT, format, "(a)/(b) Steward fan-out, " + options.concurrency() + " hosts at once, fresh JVM",
        secs(s.coldFirst()), secs(best(s.warm())) + "*");
    out.printf(Locale.ROOT, format, "        Steward fan-out, fresh sessions, JVM already warm", secs(s.coldAgain()), "");
    out.printf(Locale.ROOT, format, "(c)     OpenSSH ssh, ControlMaster, xargs -P 10", secs(o.cold()), secs(best(o.warm())) + "*");
    out.printf(Locale.ROOT, "  * best of %d warm rounds; all rounds: Steward %s, OpenSSH %s%n", options.warmRounds(),
        s.warm().stream().map(SshBenchmark::secs).toList(), o.warm().stream().map(SshBenchmark::secs).toList());
    out.printf(Locale.ROOT, "  Steward cold: %.2f s of this JVM's CPU for %d hosts in a fresh JVM (JIT compilation included),"
        + " %.2f s with the JVM warm%n", s.cpuColdSeconds(), options.hosts(), s.cpuColdAgainSeconds());
    out.printf(Locale.ROOT, "  heap per open session: %.1f KiB (heap in use with every session open, minus after closing them)%n",
        s.heapPerSessionKiB());
    out.println();
    boolean coldMet = s.coldFirst() <= o.cold() / 2;
    boolean warmMet = best(s.warm()) < 1.0;
    out.printf(Locale.ROOT, "target: Steward cold at most half of OpenSSH cold (%.2f s <= %.2f s): %s%n", s.coldFirst(), o.cold() / 2,
        coldMet ? "PASS" : "MISS");
    out.printf(Locale.ROOT, "target: Steward warm under 1 s for %d hosts (%.2f s): %s%n", options.hosts(), best(s.warm()),
        warmMet ? "PASS" : "MISS");
  }

  private static double best(List<Double> values) {
    return values.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
  }

  private static String secs(double s) {
    return String.format(Locale.ROOT, "%.2f s", s);
  }

  private static double seconds(Duration d) {
    return d.toNanos() / 1e9;
  }

  private Path startServers(Lab lab, Path dir, List<String> addresses) throws IOException, InterruptedException {
    Path hostKey = dir.resolve("ssh_host_ed25519_key");
    if (!Files.exists(hostKey)) {
      exec(List.of("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "steward-bench-host", "-f", hostKey.toString()));
    }
    Files.createDirectories(Path.of("/run/sshd"));
    for (int group = 0; group * ADDRESSES_PER_SSHD < addresses.size(); group++) {
      List<String> listen = addresses.subList(group * ADDRESSES_PER_SSHD, Math.min(addresses.size(), (group + 1) * ADDRESSES_PER_SSHD));
      Path pid = dir.resolve("sshd-" + group + ".pid");
      Path config = dir.resolve("sshd-" + group + ".conf");
      StringBuilder c = new StringBuilder("Port " + options.port() + "\n");
      listen.forEach(a -> c.append("ListenAddress ").append(a).append('\n'));
      c.append("HostKey ").append(hostKey).append('\n')
          .append("PidFile ").append(pid).append('\n')
          .append("AuthorizedKeysFile .ssh/authorized_keys\n")
          .append("AllowUsers ").append(lab.user()).append('\n')
          .append("PermitRootLogin no\nPasswordAuthentication no\nKbdInteractiveAuthentication no\nUsePAM no\n")
          .append("PrintMotd no\nX11Forwarding no\nMaxSessions 10\nMaxStartups 400:30:800\nLogLevel ERROR\n");
      if (options.sameKex()) {
        // Only curve25519: OpenSSH's client would otherwise pick sntrup761x25519, five times the CPU per connection.
        c.append("KexAlgorithms curve25519-sha256,curve25519-sha256@libssh.org\n");
      }
      Files.writeString(config, c.toString());
      Files.deleteIfExists(pid);
      exec(List.of(lab.sshd(), "-f", config.toString(), "-E", dir.resolve("sshd-" + group + ".log").toString()));
      pidFiles.add(pid);
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    for (String address : addresses) {
      while (!answers(address, options.port())) {
        if (System.nanoTime() > deadline) {
          throw new IOException("sshd on " + address + ":" + options.port() + " did not answer within 30 s; see " + dir + "/sshd-*.log");
        }
        TimeUnit.MILLISECONDS.sleep(50);
      }
    }
    String key = Files.readString(Path.of(hostKey + ".pub")).strip().split(" ")[1];
    StringBuilder known = new StringBuilder();
    for (String address : addresses) {
      known.append('[').append(address).append("]:").append(options.port()).append(" ssh-ed25519 ").append(key).append('\n');
    }
    Path knownHosts = dir.resolve("known_hosts");
    Files.writeString(knownHosts, known.toString());
    return knownHosts;
  }

  /** Whether an SSH server greets on {@code address:port}. */
  static boolean answers(String address, int port) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(address, port), 1000);
      s.setSoTimeout(2000);
      byte[] banner = s.getInputStream().readNBytes(4);
      return new String(banner, StandardCharsets.US_ASCII).equals("SSH-");
    } catch (IOException e) {
      return false;
    }
  }

  private synchronized void stopServers() {
    for (Path pid : pidFiles) {
      try {
        long p = Long.parseLong(Files.readString(pid).strip());
        ProcessHandle.of(p).filter(h -> h.info().command().map(cmd -> cmd.endsWith("sshd")).orElse(false))
            .ifPresent(ProcessHandle::destroy);
      } catch (IOException | NumberFormatException e) {
        // never started, or gone already
      }
    }
    pidFiles.clear();
  }

  private Lab lab() {
    Path file = Path.of(System.getenv().getOrDefault("STEWARD_LAB_SSHD", "/tmp/steward-lab/sshd"), "lab.properties");
    if (!Files.isRegularFile(file)) {
      throw new IllegalStateException(file + " does not exist: run lab/sshd.sh (as root) first; it installs openssh-server"
          + " and creates the plain user and key this benchmark logs in with");
    }
    Properties p = new Properties();
    try (InputStream in = Files.newInputStream(file)) {
      p.load(in);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + file + ": " + e.getMessage(), e);
    }
    return new Lab(p.getProperty("user"), Path.of(p.getProperty("identity")), p.getProperty("sshd"));
  }

  private static void exec(List<String> argv) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (p.waitFor() != 0) {
      throw new IOException(String.join(" ", argv) + " failed: " + output.strip());
    }
  }

  private static long usedHeapAfterGc() {
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  private static long processCpuNanos() {
    if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
      return os.getProcessCpuTime();
    }
    return 0;
  }

  private static double load() {
    return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
  }
}
