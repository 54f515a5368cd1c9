package dev.steward.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;

/**
 * The command line: {@code store}, {@code plan}, {@code reconcile}, {@code status}, {@code ssh},
 * {@code systemd}, {@code docker}, {@code proxmox}, and the child side of the cold-open probe.
 */
public final class Main {
  private static final String USAGE = "usage: java -jar steward-bench.jar store [--dir DIR] [--quick]\n"
      + "  --dir DIR   where to put the files (default: ./steward-bench-data); must be on the disk to measure\n"
      + "  --quick     small counts and short runs (a few seconds), for a smoke test\n"
      + "       java -jar steward-bench.jar plan [--quick]\n"
      + "       java -jar steward-bench.jar reconcile [--nodes N] [--dir DIR]\n"
      + "  starts N real local processes through the reconciler and times passes with nothing to do\n"
      + "       java -jar steward-bench.jar status [--items N] [--quick]\n"
      + "  --items N   items in the status (default: 1000)\n"
      + "       java -jar steward-bench.jar ssh [--hosts 100] [--concurrency 16] [--port 2422] [--rounds 3] [--dir DIR] [--same-kex]\n"
      + "  as root after lab/sshd.sh: starts sshd on 127.0.1.1..N and compares Steward's fan-out with OpenSSH\n"
      + "       java -jar steward-bench.jar systemd [--units 20] [--passes 30] [--store file|memory] [--lab DIR]\n"
      + "  after lab/host-container.sh start: quiet reconcile passes over the lab's hosts' systemd units vs systemctl show by OpenSSH\n"
      + "       java -jar steward-bench.jar docker [--containers 50] [--passes 30] [--store file|memory] [--image steward/busybox:test] [--docker docker]\n"
      + "  after lab/docker-images.sh start: quiet reconcile passes over containers on this machine's engine vs docker ps + docker inspect by hand\n"
      + "       java -jar steward-bench.jar proxmox [--nodes 5] [--guests 2000] [--tasks-per-node 4000] [--rounds 3] [--dir DIR]\n"
      + "  inventory syncs of a simulated Proxmox VE cluster into the file store vs the same reads by bare HTTP and a raw write+fsync";

  private Main() {}

  public static void main(String[] args) {
    // The figures are the output; one INFO line per started node would bury them.
    if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
      System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    }
    System.exit(run(List.of(args), System.out, System.err));
  }

  static int run(List<String> args, PrintStream out, PrintStream err) {
    if (args.isEmpty()) {
      err.println(USAGE);
      return 2;
    }
    switch (args.get(0)) {
      case "store" -> {
        StoreBenchmark.Options options;
        try {
          options = StoreBenchmark.Options.parse(args.subList(1, args.size()));
        } catch (IllegalArgumentException e) {
          err.println(e.getMessage());
          err.println(USAGE);
          return 2;
        }
        StoreBenchmark.Report report = new StoreBenchmark(options, out).run();
        return report.allProduced() ? 0 : 1;
      }
      case "reconcile" -> {
        ReconcileBenchmark benchmark;
        try {
          benchmark = ReconcileBenchmark.parse(args.subList(1, args.size()), out);
        } catch (IllegalArgumentException e) {
          err.println(e.getMessage());
          err.println(USAGE);
          return 2;
        }
        return benchmark.run();
      }
      case "plan" -> {
        PlanBenchmark.Options options;
        try {
          options = PlanBenchmark.Options.parse(args.subList(1, args.size()));
        } catch (IllegalArgumentException e) {
          err.println(e.getMessage());
          err.println(USAGE);
          return 2;
        }
        new PlanBenchmark(options, out).run();
        return 0;
      }
      case "status" -> {
        StatusBenchmark.Options options;
        try {
          options = StatusBenchmark.Options.parse(args.subList(1, args.size()));
        } catch (IllegalArgumentException e) {
          err.println(e.getMessage());
          err.println(USAGE);
          return 2;
        }
        new StatusBenchmark(options, out).run();
        return 0;
      }
      case OpenProbe.CHILD_COMMAND -> {
        OpenProbe.childMain(Path.of(args.get(1)), out);
        return 0;
      }
      case "ssh" -> {
        return onServers("ssh", () -> {
          SshBenchmark.Options options = SshBenchmark.Options.parse(args.subList(1, args.size()));
          return () -> new SshBenchmark(options, out).run();
        }, err);
      }
      case "systemd" -> {
        return onServers("systemd", () -> {
          SystemdBenchmark.Options options = SystemdBenchmark.Options.parse(args.subList(1, args.size()));
          return () -> new SystemdBenchmark(options, out).run();
        }, err);
      }
      case "docker" -> {
        return onServers("docker", () -> {
          DockerBenchmark.Options options = DockerBenchmark.Options.parse(args.subList(1, args.size()));
          return () -> new DockerBenchmark(options, out).run();
        }, err);
      }
      case "proxmox" -> {
        return onServers("proxmox", () -> {
          ProxmoxBenchmark.Options options = ProxmoxBenchmark.Options.parse(args.subList(1, args.size()));
          return () -> new ProxmoxBenchmark(options, out).run();
        }, err);
      }
      case "-h", "--help", "help" -> {
        out.println(USAGE);
        return 0;
      }
      default -> {
        err.println("unknown benchmark '" + args.get(0) + "' (known: store, plan, reconcile, status, ssh, systemd, docker, proxmox); arguments were " + Arrays.toString(args.toArray()));
        err.println(USAGE);
        return 2;
      }
    }
  }

  /** A benchmark on real servers (ones it starts, or the lab's), which the machine may lack. */
  @FunctionalInterface
  private interface ServerBenchmark {
    int run() throws IOException, InterruptedException;
  }

  /**
   * Makes the benchmark with {@code parse} and runs it: 2 when its options are wrong, 1 with the
   * reason when its servers are missing or fail.
   */
  private static int onServers(String name, Supplier<ServerBenchmark> parse, PrintStream err) {
    ServerBenchmark benchmark;
    try {
      benchmark = parse.get();
    } catch (IllegalArgumentException e) {
      err.println(e.getMessage());
      err.println(USAGE);
      return 2;
    }
    try {
      return benchmark.run();
    } catch (IllegalStateException | IOException e) {
      err.println(name + " benchmark: " + e.getMessage());
      return 1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 1;
    }
  }
}
