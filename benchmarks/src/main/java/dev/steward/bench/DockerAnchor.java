package dev.steward.bench;

import dev.steward.Command;
import dev.steward.CommandResult;
import dev.steward.Transport;
import dev.steward.observe.ContainerSummary;
import dev.steward.observe.DockerPs;
import dev.steward.observe.OutputParseException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The anchor of the docker benchmark: what reads the state of one instance's containers by hand,
 * the two commands the docker manager's {@code list(host)} is made of. One {@code docker ps} of the
 * instance's label, with the options the manager gives it, then one {@code docker inspect} of every
 * container it named. {@link #byHand} runs them as processes of their own, {@link #through} through
 * a Steward transport. Each round checks that ps found, and inspect described, every container.
 * Also the benchmark's helpers that talk to the engine outside Steward: {@link #requireEngine} and
 * {@link #removeAll}. Not thread-safe: one round at a time.
 */
final class DockerAnchor {
  /** The label the docker manager gives every container of an instance (its README, "Docker containers"). */
  static final String INSTANCE_LABEL = "dev.steward.instance";

  /** How long each of the two commands of one round took, in nanoseconds. */
  record Round(long psNanos, long inspectNanos) {
    long nanos() {
      return psNanos + inspectNanos;
    }
  }

  /** What one docker command printed and how it ended. */
  private record Output(int status, String stdout, String stderr) {}

  private final String docker;
  private final String instance;
  private final int containers;

  /**
   * @param docker the docker command
   * @param instance the Steward instance whose containers are read
   * @param containers how many containers every round must find
   */
  DockerAnchor(String docker, String instance, int containers) {
    this.docker = docker;
    this.instance = instance;
    this.containers = containers;
  }

  /** {@code docker ps} as the docker manager runs it: every container of the instance's label, running or not. */
  List<String> psArgv() {
    return List.of(docker, "ps", "-a", "--filter", "label=" + INSTANCE_LABEL + "=" + instance, "--no-trunc", "--size=false",
        "--format", "{{json .}}");
  }

  /** {@code docker inspect} of {@code ids}. */
  List<String> inspectArgv(List<String> ids) {
    List<String> argv = new ArrayList<>(List.of(docker, "inspect", "--type", "container", "--"));
    argv.addAll(ids);
    return argv;
  }

  /** One round as processes of their own, as a person at a shell runs them; the ids are read between the two, untimed. */
  Round byHand() throws IOException, InterruptedException {
    long start = System.nanoTime();
    Output ps = run(psArgv());
    long psNanos = System.nanoTime() - start;
    List<String> ids = checkedIds(ps.status(), ps.stdout(), ps.stderr());
    start = System.nanoTime();
    Output inspect = run(inspectArgv(ids));
    long inspectNanos = System.nanoTime() - start;
    checkDescribed(ids, inspect.status(), inspect.stdout(), inspect.stderr());
    return new Round(psNanos, inspectNanos);
  }

  /** The same round through {@code transport}, on {@code host}, as Steward's commands go. */
  Round through(Transport transport, String host) {
    long start = System.nanoTime();
    CommandResult ps = transport.run(host, Command.of(psArgv()));
    long psNanos = System.nanoTime() - start;
    List<String> ids = checkedIds(ps.exitCode(), ps.stdout(), ps.stderr());
    start = System.nanoTime();
    CommandResult inspect = transport.run(host, Command.of(inspectArgv(ids)));
    long inspectNanos = System.nanoTime() - start;
    checkDescribed(ids, inspect.exitCode(), inspect.stdout(), inspect.stderr());
    return new Round(psNanos, inspectNanos);
  }

  /**
   * The ids of the containers in {@code docker ps --format '{{json .}}'} output.
   *
   * @throws OutputParseException when it is not such output
   */
  static List<String> ids(String psOutput) {
    return DockerPs.parse(psOutput).stream().map(ContainerSummary::id).toList();
  }

  private List<String> checkedIds(int status, String stdout, String stderr) {
    List<String> ids = status == 0 ? ids(stdout) : List.of();
    if (status != 0 || ids.size() != containers) {
      throw new IllegalStateException("'" + String.join(" ", psArgv()) + "' exited with status " + status + " and found " + ids.size()
          + " of " + containers + " containers" + (stderr.isBlank() ? "" : ": " + stderr.strip()));
    }
    return ids;
  }

  private void checkDescribed(List<String> ids, int status, String stdout, String stderr) {
    long described = ids.stream().filter(id -> stdout.contains("\"Id\": \"" + id + "\"")).count();
    if (status != 0 || described != containers) {
      throw new IllegalStateException("docker inspect of the instance's containers exited with status " + status + " and described "
          + described + " of " + containers + (stderr.isBlank() ? "" : ": " + stderr.strip()));
    }
  }

  /**
   * Checks that the docker command reaches an engine and that the engine has {@code image};
   * returns the engine's version.
   *
   * @throws IllegalStateException saying how to start the lab's engine, when either is missing
   */
  static String requireEngine(String docker, String image) throws InterruptedException {
    String start = "start it (and import the image) with 'sudo lab/docker-images.sh start'";
    Output version;
    try {
      version = run(List.of(docker, "version", "--format", "{{.Server.Version}}"));
    } catch (IOException e) {
      throw new IllegalStateException("cannot run the docker command '" + docker + "' (" + e.getMessage() + "): install the Docker CLI,"
          + " or name it with --docker; then " + start, e);
    }
    if (version.status() != 0 || version.stdout().isBlank()) {
      throw new IllegalStateException("no Docker engine answers '" + docker + "' here: " + start + "; docker said: "
          + version.stderr().strip());
    }
    Output found = uncheckedRun(List.of(docker, "image", "inspect", "--format", "{{.Id}}", image));
    if (found.status() != 0) {
      throw new IllegalStateException("the engine has no image " + image + ": " + start + ", or name another with --image;"
          + " docker said: " + found.stderr().strip());
    }
    return version.stdout().strip();
  }

  /**
   * Removes every container labelled as {@code instance}'s, whoever made it and whatever its state,
   * with its anonymous volumes: one {@code docker ps}, one {@code docker rm -f}. How many there were.
   *
   * @throws IllegalStateException when docker could not list or remove them
   */
  static int removeAll(String docker, String instance) throws InterruptedException {
    Output listed = uncheckedRun(List.of(docker, "ps", "-aq", "--no-trunc", "--filter", "label=" + INSTANCE_LABEL + "=" + instance));
    if (listed.status() != 0) {
      throw new IllegalStateException("could not list the containers of instance " + instance + ": " + listed.stderr().strip());
    }
    List<String> ids = listed.stdout().lines().filter(line -> !line.isBlank()).toList();
    if (ids.isEmpty()) {
      return 0;
    }
    List<String> rm = new ArrayList<>(List.of(docker, "rm", "-f", "-v", "--"));
    rm.addAll(ids);
    Output removed = uncheckedRun(rm);
    if (removed.status() != 0) {
      throw new IllegalStateException("could not remove the " + ids.size() + " containers of instance " + instance + ": "
          + removed.stderr().strip());
    }
    return ids.size();
  }

  private static Output uncheckedRun(List<String> argv) throws InterruptedException {
    try {
      return run(argv);
    } catch (IOException e) {
      throw new IllegalStateException("could not run " + String.join(" ", argv) + ": " + e.getMessage(), e);
    }
  }

  /**
   * Runs {@code argv} to its end. Stdout is read first, then stderr: docker writes a line or two
   * there at most, far below what would fill its pipe while stdout is read.
   */
  private static Output run(List<String> argv) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(argv).start();
    process.getOutputStream().close();
    String stdout = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    String stderr = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    return new Output(process.waitFor(), stdout, stderr);
  }
}
