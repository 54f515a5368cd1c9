package dev.steward.bench;

import dev.steward.Command;
import dev.steward.CommandResult;
import dev.steward.Transport;
import dev.steward.spi.support.ShellQuoting;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The anchor of the systemd benchmark: on every host at once, the one {@code systemctl show} that
 * reads the state of all of Steward's units there, asking for the properties Steward's systemd
 * manager asks for. {@link #openSshRound} makes it by hand through OpenSSH's {@code ssh} with a
 * ControlMaster per host (warm after the first round), {@link #transportRound} through a Steward
 * transport. Each round checks that every host described every unit. Not thread-safe: one round at
 * a time; {@link #close} ends the masters.
 */
final class ShowAnchor implements AutoCloseable {
  /** What the systemd manager asks {@code systemctl show} for (its Systemctl.PROPERTIES). */
  static final String PROPERTIES = "Id,LoadState,ActiveState,SubState,MainPID,NRestarts,ExecMainStartTimestamp,"
      + "InvocationID,Result,ExecMainStatus,UnitFileState,NeedDaemonReload,FragmentPath";

  private final Path sshConfig;
  private final Map<String, List<String>> argv = new LinkedHashMap<>();
  private final Map<String, Integer> unitCounts = new LinkedHashMap<>();
  private final Path controlDir;
  private final ExecutorService pool;

  /**
   * @param sshConfig the OpenSSH client config that names the hosts
   * @param units each host's units, by host
   */
  ShowAnchor(Path sshConfig, Map<String, List<String>> units) throws IOException {
    this.sshConfig = sshConfig;
    units.forEach((host, names) -> {
      List<String> command = new ArrayList<>(List.of("systemctl", "show", "-p", PROPERTIES, "--timestamp=unix", "--"));
      command.addAll(names);
      argv.put(host, List.copyOf(command));
      unitCounts.put(host, names.size());
    });
    // Short: a unix socket's path holds at most 107 bytes, and %C adds 40.
    this.controlDir = Files.createTempDirectory(Path.of("/tmp"), "stcm");
    this.pool = Executors.newFixedThreadPool(Math.max(1, units.size()), runnable -> {
      Thread thread = new Thread(runnable, "bench-show-anchor");
      thread.setDaemon(true);
      return thread;
    });
  }

  /** The command line of {@code host}'s {@code systemctl show}, as its shell reads it. */
  String commandLine(String host) {
    return ShellQuoting.join(argv.get(host));
  }

  /** One round through OpenSSH, every host at once; how long until the last host answered, in nanoseconds. */
  long openSshRound() throws IOException, InterruptedException {
    long start = System.nanoTime();
    Map<String, Process> running = new LinkedHashMap<>();
    for (String host : argv.keySet()) {
      // ssh joins its arguments with spaces for the remote shell: the command goes quoted, as one.
      List<String> command = new ArrayList<>(sshOptions());
      command.add(host);
      command.add(commandLine(host));
      Process process = new ProcessBuilder(command).start();
      process.getOutputStream().close();
      running.put(host, process);
    }
    for (Map.Entry<String, Process> entry : running.entrySet()) {
      Process process = entry.getValue();
      String stdout = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      String stderr = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
      int status = process.waitFor();
      check("ssh " + entry.getKey(), status, stdout, stderr, entry.getKey());
    }
    return System.nanoTime() - start;
  }

  /** One round through {@code transport}, every host at once; how long until the last host answered, in nanoseconds. */
  long transportRound(Transport transport) throws InterruptedException {
    long start = System.nanoTime();
    Map<String, Future<CommandResult>> running = new LinkedHashMap<>();
    argv.forEach((host, command) -> running.put(host, pool.submit(() -> transport.run(host, Command.of(command)))));
    for (Map.Entry<String, Future<CommandResult>> entry : running.entrySet()) {
      CommandResult result;
      try {
        result = entry.getValue().get();
      } catch (ExecutionException e) {
        throw new IllegalStateException("systemctl show on " + entry.getKey() + " through Steward's transport failed: "
            + e.getCause(), e.getCause());
      }
      check("Steward's transport to " + entry.getKey(), result.exitCode(), result.stdout(), result.stderr(), entry.getKey());
    }
    return System.nanoTime() - start;
  }

  private List<String> sshOptions() {
    return List.of("ssh", "-F", sshConfig.toString(), "-o", "BatchMode=yes",
        "-o", "ControlMaster=auto", "-o", "ControlPath=" + controlDir + "/%C", "-o", "ControlPersist=120");
  }

  private void check(String how, int status, String stdout, String stderr, String host) {
    long described = stdout.lines().filter(line -> line.startsWith("Id=")).count();
    if (status != 0 || described != unitCounts.get(host)) {
      throw new IllegalStateException("systemctl show through " + how + " exited with status " + status + " and described "
          + described + " of " + unitCounts.get(host) + " units" + (stderr.isBlank() ? "" : ": " + stderr.strip()));
    }
  }

  /** Ends the masters and removes their sockets' directory. */
  @Override
  public void close() {
    pool.shutdownNow();
    for (String host : argv.keySet()) {
      try {
        List<String> command = new ArrayList<>(sshOptions());
        command.addAll(List.of("-O", "exit", host));
        Process exit = new ProcessBuilder(command).redirectErrorStream(true).start();
        exit.getInputStream().readAllBytes();
        exit.waitFor();
      } catch (IOException e) {
        // no master to end
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
    try (var files = Files.list(controlDir)) {
      for (Path file : files.toList()) {
        Files.deleteIfExists(file);
      }
      Files.deleteIfExists(controlDir);
    } catch (IOException e) {
      // a socket the master has not removed yet; /tmp is cleaned in time
    }
  }
}
