package dev.steward.docker.internal;

import dev.steward.CommandResult;
import dev.steward.StewardException;
import dev.steward.observe.OutputParseException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Runs {@link PackScripts} in a pack container, one {@code docker exec} each, and reads their
 * listings. A failure, or a listing that cannot be read, is an error naming the container, the host
 * and what was asked; the command itself is never shown, as its options may hold a node's
 * environment. Thread-safe.
 */
final class PackShell {
  /** What the scripts that do not wait may take: the start waits up to 10 s for the keeper, 10 s more for the supervisor. */
  private static final Duration QUICK = Duration.ofSeconds(60);
  /** What a script that waits (a start check, a stop's grace) may take beyond its wait. */
  private static final Duration MARGIN = Duration.ofSeconds(30);

  private final DockerCli docker;

  PackShell(DockerCli docker) {
    this.docker = Objects.requireNonNull(docker, "docker");
  }

  /** Every node in the pack container. */
  List<PackedNode> read(String host, String container) {
    return run(host, container, List.of(), PackScripts.read(), QUICK, "read the nodes");
  }

  /** Starts the node of {@code launch} unless it runs; the node as it is once its supervisor recorded its pid. */
  PackedNode start(String host, String container, NodeLaunch launch) {
    return one(host, container, launch.directory(), run(host, container, launch.execOptions(), PackScripts.start(launch), QUICK,
        "start " + launch.key()));
  }

  /** The node after watching it for {@code check}, or until it ended. */
  PackedNode watch(String host, String container, String directory, Duration check) {
    return one(host, container, directory, run(host, container, List.of(), PackScripts.watch(directory, check), check.plus(MARGIN),
        "watch the node " + directory));
  }

  /** Stops the node, when it runs: TERM, then KILL after {@code grace}; the node after, with its launch token. */
  PackedNode stop(String host, String container, String directory, Duration grace) {
    return one(host, container, directory, run(host, container, List.of(), PackScripts.stop(directory, grace), grace.plus(MARGIN),
        "stop the node " + directory));
  }

  /** Deletes the directory of a node that does not run; the nodes left in the container. */
  List<PackedNode> forget(String host, String container, String directory) {
    return run(host, container, List.of(), PackScripts.forget(directory), QUICK, "forget the node " + directory);
  }

  /** Whether docker refused an exec only because the container is not there, or not running. */
  static boolean notRunning(CommandResult result) {
    String said = result.stderr();
    return DockerCli.onlyMissing(result) || said.contains("is not running") || said.contains("is paused")
        || said.contains("is restarting");
  }

  private List<PackedNode> run(String host, String container, List<String> options, List<String> argv, Duration timeout, String what) {
    CommandResult result = docker.exec(host, container, options, argv, timeout);
    if (!result.succeeded()) {
      String said = result.stderr().strip();
      throw new PackExecException(host, container, notRunning(result), "Could not " + what + " in the pack container " + container
          + " on " + host + ": docker exec exited with status " + result.exitCode()
          + (said.isEmpty() ? " and printed nothing on stderr" : ": " + said));
    }
    try {
      return PackListing.parse(result.stdout());
    } catch (OutputParseException e) {
      throw new StewardException("Could not " + what + " in the pack container " + container + " on " + host
          + ": what it printed is not a node listing (is " + container + " a pack container of this Steward version?): "
          + e.getMessage(), e);
    }
  }

  private static PackedNode one(String host, String container, String directory, List<PackedNode> listed) {
    if (listed.size() != 1 || !listed.get(0).directory().equals(directory)) {
      throw new StewardException("The pack container " + container + " on " + host + " listed " + listed.size()
          + " nodes where Steward asked for the node " + directory + ": was it forgotten meanwhile?");
    }
    return listed.get(0);
  }

  /** A script could not run in a pack container; {@link #containerDown} when the container is not there or not running. */
  static final class PackExecException extends StewardException {
    private static final long serialVersionUID = 1L;

    private final String host;
    private final String container;
    private final boolean containerDown;

    PackExecException(String host, String container, boolean containerDown, String message) {
      super(message);
      this.host = host;
      this.container = container;
      this.containerDown = containerDown;
    }

    String host() {
      return host;
    }

    String container() {
      return container;
    }

    /** Whether docker said the container is not there or not running, rather than the script failing. */
    boolean containerDown() {
      return containerDown;
    }
  }
}
