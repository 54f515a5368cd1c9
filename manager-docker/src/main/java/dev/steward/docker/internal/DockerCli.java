package dev.steward.docker.internal;

import dev.steward.Command;
import dev.steward.CommandResult;
import dev.steward.ProcessStartException;
import dev.steward.ResourceKey;
import dev.steward.StewardException;
import dev.steward.Transport;
import dev.steward.TransportException;
import dev.steward.docker.DockerSpec;
import dev.steward.docker.DockerUnavailableException;
import dev.steward.observe.ContainerSummary;
import dev.steward.observe.DockerPs;
import dev.steward.observe.OutputParseException;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The docker commands the manager runs on a host, each through the {@link Transport} with
 * {@code LC_ALL=C} (docker's messages are matched below), each failure an error naming the host
 * and what docker said. A docker command that cannot reach an engine, or is missing, is a {@link
 * DockerUnavailableException} that says what to do. Reads each host's versions once. Thread-safe.
 */
final class DockerCli {
  private static final Logger LOG = LoggerFactory.getLogger(DockerCli.class);
  static final int LOG_LINES = 20;
  private static final Map<String, String> ENVIRONMENT = Map.of("LC_ALL", "C");

  private final Transport transport;
  private final String docker;
  private final Duration pullTimeout;
  private final Map<String, DockerVersion> versions = new ConcurrentHashMap<>();

  DockerCli(Transport transport, String docker, Duration pullTimeout) {
    this.transport = Objects.requireNonNull(transport, "transport");
    this.docker = Objects.requireNonNull(docker, "docker");
    this.pullTimeout = Objects.requireNonNull(pullTimeout, "pullTimeout");
  }

  /** {@code docker ARGS} as a command, in the C locale. */
  Command command(List<String> args) {
    List<String> argv = new ArrayList<>();
    argv.add(docker);
    argv.addAll(args);
    return Command.of(argv).withEnvironment(ENVIRONMENT);
  }

  /**
   * The host's docker versions, read with the first command there and logged; the check that
   * docker is there and reaches its engine.
   *
   * @throws DockerUnavailableException when it does not
   */
  DockerVersion version(String host) {
    DockerVersion known = versions.get(host);
    if (known != null) {
      return known;
    }
    CommandResult result = run(host, List.of("version", "--format", "{{json .}}"));
    if (!result.succeeded()) {
      throw failure(result, "read the docker version");
    }
    try {
      DockerVersion read = Inspect.version(result.stdout());
      if (versions.putIfAbsent(host, read) == null) {
        LOG.info("Docker on {}: {}", host, read);
      }
      return read;
    } catch (OutputParseException e) {
      throw new StewardException("Could not read the docker version on " + host + ": " + e.getMessage(), e);
    }
  }

  /**
   * The ids of every container labelled as {@code instance}'s, running or not: one {@code docker ps}.
   * {@code --size=false}: the {@code json} format asks for every field, sizes too, which the daemon
   * would otherwise compute by walking each container's file system.
   */
  List<String> containersOf(String host, String instance) {
    return ids(host, instance, List.of(), "the containers of instance " + instance);
  }

  /** The ids of {@code instance}'s pack containers ({@link PackConfig}), running or not: one {@code docker ps}. */
  List<String> packsOf(String host, String instance) {
    return ids(host, instance, List.of("--filter", "label=" + ContainerConfig.LABEL_PACK), "the pack containers of instance " + instance);
  }

  private List<String> ids(String host, String instance, List<String> filters, String what) {
    List<String> args = new ArrayList<>(List.of("ps", "-a", "--filter", "label=" + ContainerConfig.LABEL_INSTANCE + "=" + instance,
        "--filter", "label=" + ContainerConfig.LABEL_HOST + "=" + host));
    args.addAll(filters);
    args.addAll(List.of("--no-trunc", "--size=false", "--format", "{{json .}}"));
    CommandResult result = run(host, args);
    if (!result.succeeded()) {
      throw failure(result, "list " + what);
    }
    try {
      return DockerPs.parse(result.stdout()).stream().map(ContainerSummary::id).toList();
    } catch (OutputParseException e) {
      throw new StewardException("Could not list " + what + " on " + host + ": " + e.getMessage(), e);
    }
  }

  /**
   * The containers of these ids or names that exist: one {@code docker inspect}. Docker prints the
   * ones it found even when it names missing ones on stderr and exits 1.
   */
  List<Container> inspect(String host, List<String> containers) {
    if (containers.isEmpty()) {
      return List.of();
    }
    List<String> args = new ArrayList<>(List.of("inspect", "--type", "container", "--"));
    args.addAll(containers);
    CommandResult result = run(host, args);
    if (!result.succeeded() && !onlyMissing(result)) {
      throw failure(result, "inspect the containers " + String.join(" ", containers));
    }
    String stdout = result.stdout().isBlank() ? "[]" : result.stdout();
    try {
      return Inspect.containers(stdout);
    } catch (OutputParseException e) {
      throw new StewardException("Could not inspect the containers " + String.join(" ", containers) + " on " + host + ": "
          + e.getMessage(), e);
    }
  }

  Optional<Container> inspect(String host, String container) {
    return inspect(host, List.of(container)).stream().filter(c -> c.name().equals(container) || c.id().equals(container)).findFirst();
  }

  /** {@code docker create}: the result as it is, for the caller to explain a failure. May pull the image first. */
  CommandResult create(String host, ContainerConfig config) {
    return run(host, command(config.createArguments()).withTimeout(pullTimeout));
  }

  /**
   * The id of the container {@code docker create} made.
   *
   * @throws ProcessStartException saying why it was not made: the image is missing or could not be
   *     pulled, or docker's own words
   */
  String created(ResourceKey key, ContainerConfig config, CommandResult created) {
    String host = key.host();
    if (created.succeeded()) {
      String id = created.stdout().strip();
      LOG.info("Made container {} ({}) on {} for {} from {}", config.name(), id.length() > 12 ? id.substring(0, 12) : id, host, key,
          config.image());
      return id;
    }
    String said = created.stderr().strip();
    if (said.contains("No such image") || said.contains("Unable to find image") || said.contains("pull access denied")
        || said.contains("manifest unknown") || said.contains("manifest for") || said.contains("Error response from daemon: Get ")
        || said.contains("failed to resolve reference") || said.contains("error pulling image")) {
      String why = config.pull().equals("never")
          ? "the image " + config.image() + " is not on " + host + " and the pull policy is never: load or build it there, or allow pulls ("
              + DockerSpec.PULL + ": missing)"
          : "the image " + config.image() + " could not be pulled to " + host + " (pull policy " + config.pull()
              + "): check its name and tag, the registry's reachability and the host's docker login";
      throw new ProcessStartException(key, "Could not start " + key + " on " + host + ": " + why + "; docker said: " + said);
    }
    throw new ProcessStartException(key, "Could not make the container of " + key + " on " + host + ": '"
        + command(config.createArguments()).display() + "' exited with status " + created.exitCode() + ": " + said);
  }

  /**
   * {@code docker exec OPTIONS -- CONTAINER ARGV}, without a terminal or standard input: the
   * result as it is, for the caller to explain a failure (the command is not shown: its options
   * may hold a node's environment).
   */
  CommandResult exec(String host, String container, List<String> options, List<String> argv, Duration timeout) {
    List<String> args = new ArrayList<>(List.of("exec"));
    args.addAll(options);
    args.add("--");
    args.add(container);
    args.addAll(argv);
    return run(host, command(args).withTimeout(timeout));
  }

  /** {@code docker start}: the result as it is, for the caller to explain a failure. */
  CommandResult start(String host, String container) {
    return run(host, List.of("start", "--", container));
  }

  /** {@code docker stop -t GRACE}; a container gone meanwhile is no error. */
  void stop(String host, String container, Duration grace) {
    // Docker waits the grace, then kills: give the command that long and more.
    CommandResult result = run(host, command(List.of("stop", "-t", Long.toString(grace.toSeconds()), "--", container))
        .withTimeout(grace.plusSeconds(60)));
    if (!result.succeeded() && !onlyMissing(result)) {
      throw failure(result, "stop the container " + container);
    }
  }

  /** {@code docker rm -v} (its anonymous volumes go too; named ones stay); {@code -f} kills it first. A container gone is no error. */
  void remove(String host, String container, boolean force) {
    List<String> args = new ArrayList<>(List.of("rm", "-v"));
    if (force) {
      args.add("-f");
    }
    args.addAll(List.of("--", container));
    CommandResult result = run(host, args);
    if (!result.succeeded() && !onlyMissing(result)) {
      throw failure(result, "remove the container " + container);
    }
  }

  /** {@code docker rename}. */
  void rename(String host, String container, String name) {
    CommandResult result = run(host, List.of("rename", container, name));
    if (!result.succeeded()) {
      throw failure(result, "rename the container " + container + " to " + name);
    }
  }

  /** The container's last lines of output, both streams; one line saying why when they cannot be read. */
  List<String> logs(String host, String container) {
    CommandResult result = run(host, List.of("logs", "--tail", Integer.toString(LOG_LINES), "--", container));
    if (!result.succeeded()) {
      return List.of("(docker logs exited with status " + result.exitCode() + ": " + result.stderr().strip() + ")");
    }
    List<String> lines = new ArrayList<>(result.stdout().lines().toList());
    lines.addAll(result.stderr().lines().toList());
    return List.copyOf(lines);
  }

  private CommandResult run(String host, List<String> args) {
    return run(host, command(args));
  }

  /**
   * Runs {@code command}; a docker that is missing or reaches no engine is a {@link
   * DockerUnavailableException}, whatever the command was.
   */
  private CommandResult run(String host, Command command) {
    CommandResult result;
    try {
      result = transport.run(host, command);
    } catch (TransportException e) {
      // The local transport cannot start a program that is not there (ENOENT).
      if (e.getCause() instanceof IOException && String.valueOf(e.getCause().getMessage()).contains("error=2,")) {
        throw noDocker(host, e.getCause().getMessage(), e);
      }
      throw e;
    }
    if (!result.succeeded()) {
      Optional<DockerUnavailableException> unavailable = unavailable(result);
      if (unavailable.isPresent()) {
        throw unavailable.get();
      }
    }
    return result;
  }

  /** Whether docker failed only because containers it was named are not there. */
  static boolean onlyMissing(CommandResult result) {
    List<String> lines = result.stderr().lines().filter(l -> !l.isBlank()).toList();
    return !lines.isEmpty() && lines.stream().allMatch(l -> l.contains("No such container") || l.contains("No such object"));
  }

  /** The unavailability docker's output shows, if it shows one. */
  Optional<DockerUnavailableException> unavailable(CommandResult result) {
    String host = result.host();
    String said = result.stderr().strip();
    if (said.contains("Cannot connect to the Docker daemon")) {
      return Optional.of(new DockerUnavailableException(host, DockerUnavailableException.Reason.DAEMON_NOT_RUNNING,
          "The Docker daemon on " + host + " is not running (no engine answers where the docker command looks): start it"
              + " (e.g. 'systemctl start docker', or dockerd), then try again; docker said: " + said, null));
    }
    if (said.contains("permission denied while trying to connect to the Docker daemon socket")) {
      return Optional.of(new DockerUnavailableException(host, DockerUnavailableException.Reason.PERMISSION_DENIED,
          "The Docker daemon on " + host + " refuses the user Steward runs docker as: that user is not in the docker group;"
              + " add it ('usermod -aG docker USER', then log in again) or connect as root; docker said: " + said, null));
    }
    // 127 is also docker exec's status when the container has no such program: the runtime says so.
    if (result.exitCode() == 127 && !said.contains("OCI runtime") || said.contains(docker + ": not found") || said.contains(docker + ": command not found")) {
      return Optional.of(noDocker(host, said, null));
    }
    return Optional.empty();
  }

  private DockerUnavailableException noDocker(String host, String said, Throwable cause) {
    return new DockerUnavailableException(host, DockerUnavailableException.Reason.NO_DOCKER_COMMAND,
        "There is no docker command on " + host + " (looked for '" + docker + "'): install the Docker CLI there"
            + " (e.g. 'apt-get install docker.io'), or set steward.docker.command to its path; " + said, cause);
  }

  static StewardException failure(CommandResult result, String what) {
    String said = result.stderr().strip();
    return new StewardException("Could not " + what + " on " + result.host() + ": '" + result.command().display()
        + "' exited with status " + result.exitCode() + (said.isEmpty() ? " and printed nothing on stderr" : ": " + said));
  }
}
