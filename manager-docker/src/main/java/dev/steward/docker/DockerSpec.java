package dev.steward.docker;

import dev.steward.ProcessSpec;

/**
 * The {@link dev.steward.Spec} properties the {@code docker} ProcessManager reads besides those of
 * {@link ProcessSpec}: {@link ProcessSpec#COMMAND} (optional here: the image's own command when
 * absent), {@link ProcessSpec#DIRECTORY}, {@code env.NAME}, and the ports ({@link ProcessSpec#PORT},
 * {@code ports.NAME}), each published on the same port of the host, on {@link #PUBLISH_ADDRESS}.
 * A spec without them gets Docker's defaults, except the restart policy {@code no} (Steward owns
 * restarts) and {@code --init} (so the node, not a shell, gets the stop signal). With {@link
 * #PACK_SIZE} above 1, several nodes share a container ({@link dev.steward.docker the packing
 * model}).
 */
public final class DockerSpec {
  /** The image the container runs, e.g. {@code steward/busybox:test}; required. */
  public static final String IMAGE = "image";
  /** When the image is pulled: {@code missing} (the default), {@code always} or {@code never}. */
  public static final String PULL = "pull";
  /** Docker's {@code --memory}, e.g. {@code 512m}; a container over it is OOM-killed. */
  public static final String MEMORY = "memory";
  /** Docker's {@code --cpus}, e.g. {@code 1.5}. */
  public static final String CPUS = "cpus";
  /** Docker's restart policy: {@code no} (the default), {@code on-failure[:N]}, {@code always} or {@code unless-stopped}. */
  public static final String RESTART = "restart";
  /** The user the node runs as in the container ({@code --user}); by default the image's. */
  public static final String USER = "user";
  /**
   * The host address the node's ports are published on: {@code 127.0.0.1} by default. Docker's
   * published ports bypass ufw, so {@code 0.0.0.0} opens them to every network the host is on.
   */
  public static final String PUBLISH_ADDRESS = "publish-address";
  /** {@code true} (the default) runs the node under Docker's init ({@code --init}); {@code false} for an image that brings its own. */
  public static final String INIT = "init";
  /**
   * Properties named {@code volumes.NAME} mount a host directory or a named volume:
   * {@code SOURCE:TARGET} or {@code SOURCE:TARGET:ro}, where SOURCE is an absolute host path (a bind
   * mount of a directory that must exist) or a volume name, and TARGET an absolute path in the
   * container; neither may hold {@code ..}, {@code ,} or {@code :}.
   */
  public static final String VOLUMES_PREFIX = "volumes.";

  /**
   * How many nodes share one container ("packing"): a whole number from 1; absent or {@code 1}
   * runs each node in a container of its own. Above 1, the nodes of a {@link #PACK_GROUP group}
   * are placed {@code N} to a container by their {@link #PACK_INDEX index}: node {@code i} lives
   * in pack {@code K = (i - 1) / N + 1}.
   *
   * <p>A pack container runs a small keeper under Docker's init; each node is a process started
   * in it with {@code docker exec} under a supervisor of its own, which records its pid, start
   * time and exit status and keeps its output (its last MiB, and what it wrote in the last 5 s).
   * Each node has a status of its own, and starting, stopping or removing one never touches its
   * neighbours. The container
   * itself is made from the container-level properties only ({@link #IMAGE}, {@link #PULL},
   * {@link #MEMORY} and {@link #CPUS} for the whole pack, {@link #USER}, {@link #RESTART},
   * {@link #VOLUMES_PREFIX volumes}), so the nodes of a fleet share it; the command,
   * {@link ProcessSpec#DIRECTORY}, {@code env.NAME} and the version are each node's own.
   *
   * <p>A pack container uses the host's network ({@code --network host}) and publishes nothing:
   * each node binds its own ports on the host as a process would, and ufw's rules apply to them.
   * (A container with a network of its own would have to publish, when it is made, every port any
   * node may ever use in it.) So {@link #PUBLISH_ADDRESS} is refused for a packed node, and so is
   * {@code init: false} (the keeper needs Docker's init to reap what nodes leave behind). The image
   * needs a POSIX {@code sh} with {@code setsid}, {@code env}, {@code kill}, {@code mkdir}, {@code
   * rm}, {@code cat}, {@code tail}, {@code wc}, {@code sleep} and {@code date}, as any Debian,
   * Alpine or busybox image has, and a node needs {@link ProcessSpec#COMMAND} (the image's own
   * command is not run).
   */
  public static final String PACK_SIZE = "pack.size";
  /**
   * The name of the group a packed node belongs to, usually its fleet's; required when
   * {@link #PACK_SIZE} is above 1. It names the pack containers ({@code
   * steward-INSTANCE-pack-GROUP-K-HASH}) and their label {@code dev.steward.pack=GROUP-K}:
   * letters, digits, {@code _ . -}, starting with a letter or digit, at most 63 characters.
   */
  public static final String PACK_GROUP = "pack.group";
  /**
   * The packed node's index in its {@link #PACK_GROUP group}, from 1; required when
   * {@link #PACK_SIZE} is above 1. With {@code N} nodes per container, node {@code i} lives in
   * pack {@code (i - 1) / N + 1}: nodes 1 and 2 of a fleet packed 2 to a container share pack 1.
   */
  public static final String PACK_INDEX = "pack.index";

  private DockerSpec() {}
}
