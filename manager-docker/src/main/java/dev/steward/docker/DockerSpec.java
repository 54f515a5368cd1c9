package dev.steward.docker;

import dev.steward.ProcessSpec;

/**
 * The {@link dev.steward.Spec} properties the {@code docker} ProcessManager reads besides those of
 * {@link ProcessSpec}: {@link ProcessSpec#COMMAND} (optional here: the image's own command when
 * absent), {@link ProcessSpec#DIRECTORY}, {@code env.NAME}, and the ports ({@link ProcessSpec#PORT},
 * {@code ports.NAME}), each published on the same port of the host, on {@link #PUBLISH_ADDRESS}.
 * A spec without them gets Docker's defaults, except the restart policy {@code no} (Steward owns
 * restarts) and {@code --init} (so the node, not a shell, gets the stop signal).
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

  private DockerSpec() {}
}
