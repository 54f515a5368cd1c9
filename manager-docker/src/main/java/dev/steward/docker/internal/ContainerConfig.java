package dev.steward.docker.internal;

import dev.steward.ProcessSpec;
import dev.steward.ResourceKey;
import dev.steward.Spec;
import dev.steward.docker.DockerSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * What {@code docker create} is asked for a node (or for a pack of nodes: {@link PackConfig}
 * makes one from the container-level properties): the options a spec becomes, checked before
 * anything runs, with Steward's labels and a hash of everything else, so a container is made again
 * only when what it would be made with changes. Immutable and thread-safe.
 *
 * @param name the container's name
 * @param image the image
 * @param pull the pull policy: {@code missing}, {@code always} or {@code never}
 * @param options every option of {@code docker create} but the spec-hash label, in order
 * @param command the command and its arguments after the image; empty for the image's own
 * @param specHash the hash of all the above
 * @param publishAddress the address the ports are published on; empty for a pack container, which publishes nothing
 */
record ContainerConfig(String name, String image, String pull, List<String> options, List<String> command, String specHash,
    String publishAddress) {
  static final String LABEL_KEY = "dev.steward.key";
  static final String LABEL_INSTANCE = "dev.steward.instance";
  static final String LABEL_SPEC_HASH = "dev.steward.spec-hash";
  /**
   * The host as Steward names it: two names of one engine (this machine as {@code local} and as an
   * ssh alias of itself) each see only their own nodes.
   */
  static final String LABEL_HOST = "dev.steward.host";
  /** The node's version ({@link ProcessSpec#VERSION}), when its spec has one. */
  static final String LABEL_VERSION = "dev.steward.version";
  /** The pack ({@code GROUP-K}) a container of several nodes holds ({@link PackConfig}); such a container has no {@link #LABEL_KEY}. */
  static final String LABEL_PACK = "dev.steward.pack";

  private static final Pattern IMAGE = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9._/:@-]{0,254}");
  private static final Pattern PORT = Pattern.compile("[1-9][0-9]{0,3}|[1-5][0-9]{4}|6[0-4][0-9]{3}|65[0-4][0-9]{2}|655[0-2][0-9]|6553[0-5]");
  private static final Pattern PULL = Pattern.compile("missing|always|never");
  private static final Pattern MEMORY = Pattern.compile("[0-9]{1,15}[bkmgBKMG]?");
  private static final Pattern CPUS = Pattern.compile("[0-9]{1,4}(\\.[0-9]{1,3})?");
  private static final Pattern RESTART = Pattern.compile("no|always|unless-stopped|on-failure(:[0-9]{1,6})?");
  private static final Pattern USER = Pattern.compile("[a-z_][a-z0-9_.-]{0,31}|[0-9]{1,10}(:[0-9]{1,10})?");
  private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  private static final Pattern VOLUME_NAME = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_.-]{0,254}");
  private static final Pattern IPV4 = Pattern.compile("(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])(\\.(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])){3}");
  private static final Pattern IPV6 = Pattern.compile("\\[?[0-9a-fA-F:]{2,39}\\]?");

  ContainerConfig {
    options = List.copyOf(options);
    command = List.copyOf(command);
  }

  /** Whether ports are published on every address of the host (where ufw cannot guard them). */
  boolean publishesEverywhere() {
    return publishAddress.equals("0.0.0.0") || publishAddress.replaceAll("[\\[\\]]", "").equals("::");
  }

  /**
   * The container for {@code spec}.
   *
   * @param stopGrace the container's {@code --stop-timeout}
   * @throws IllegalArgumentException naming the property, when the spec cannot be made a container
   */
  static ContainerConfig of(Spec spec, String instance, Duration stopGrace) {
    ResourceKey key = spec.key();
    String name = ContainerNames.of(instance, key);
    String image = image(spec);
    String pull = pull(spec);
    List<String> options = new ArrayList<>();
    options.addAll(List.of("--name", name));
    options.addAll(List.of("--label", LABEL_KEY + "=" + ProcessSpec.resourceMarker(key)));
    options.addAll(List.of("--label", LABEL_INSTANCE + "=" + instance));
    options.addAll(List.of("--label", LABEL_HOST + "=" + key.host()));
    spec.property(ProcessSpec.VERSION).ifPresent(version -> options.addAll(List.of("--label", LABEL_VERSION + "=" + version)));
    options.addAll(restartOptions(spec, stopGrace));
    if (init(spec)) {
      options.add("--init");
    }
    options.addAll(limits(spec));
    directory(spec).ifPresent(directory -> options.addAll(List.of("--workdir", directory)));
    environment(spec, instance).forEach((variable, value) -> options.addAll(List.of("--env", variable + "=" + value)));
    options.addAll(mounts(spec));
    String address = spec.property(DockerSpec.PUBLISH_ADDRESS).orElse("127.0.0.1");
    if (!IPV4.matcher(address).matches() && !IPV6.matcher(address).matches()) {
      throw new IllegalArgumentException("Property " + DockerSpec.PUBLISH_ADDRESS + " of " + key + " is '" + address
          + "': use an IP address of the host, e.g. 127.0.0.1");
    }
    String published = address.contains(":") && !address.startsWith("[") ? "[" + address + "]" : address;
    List<String> publish = new ArrayList<>();
    for (ProcessSpec.Port port : ProcessSpec.ports(spec)) {
      publish.add(published + ":" + port.number() + ":" + port.number() + "/" + ProcessSpec.protocolName(port.protocol()));
    }
    // The page Steward scrapes for the node selectors, reached on the host like the node's ports.
    spec.property(ProcessSpec.METRICS_PORT).map(port -> checked(key, ProcessSpec.METRICS_PORT, port.strip(), PORT, "a port number"))
        .map(port -> published + ":" + port + ":" + port + "/tcp").filter(p -> !publish.contains(p)).ifPresent(publish::add);
    publish.forEach(p -> options.addAll(List.of("--publish", p)));
    List<String> command = spec.property(ProcessSpec.COMMAND).isPresent() ? ProcessSpec.argv(spec) : List.of();
    List<String> hashed = new ArrayList<>(options);
    hashed.add(image);
    hashed.addAll(command);
    String hash = ContainerNames.hash(String.join("\0", hashed));
    return new ContainerConfig(name, image, pull, options, command, hash, address);
  }

  /**
   * The same container under another name, with the same hash: the one an upgrade makes beside the
   * old container, renamed to {@link #name} once the old one is gone.
   */
  ContainerConfig named(String other) {
    List<String> renamed = new ArrayList<>(options);
    renamed.set(renamed.indexOf("--name") + 1, other);
    return new ContainerConfig(other, image, pull, renamed, command, specHash, publishAddress);
  }

  /** The image of {@code spec}: required. */
  static String image(Spec spec) {
    ResourceKey key = spec.key();
    return checked(key, DockerSpec.IMAGE, spec.property(DockerSpec.IMAGE).orElseThrow(() -> new IllegalArgumentException(
        "The spec of " + key + " has no '" + DockerSpec.IMAGE + "' property: name the image its container runs")), IMAGE,
        "an image reference such as steward/busybox:test");
  }

  /** The pull policy of {@code spec}: {@code missing} unless it says otherwise. */
  static String pull(Spec spec) {
    return checked(spec.key(), DockerSpec.PULL, spec.property(DockerSpec.PULL).orElse("missing"), PULL, "missing, always or never");
  }

  /** {@code --restart} (no unless the spec asks) and {@code --stop-timeout}. */
  static List<String> restartOptions(Spec spec, Duration stopGrace) {
    return List.of("--restart", checked(spec.key(), DockerSpec.RESTART, spec.property(DockerSpec.RESTART).orElse("no"), RESTART,
        "no, on-failure[:N], always or unless-stopped"), "--stop-timeout", Long.toString(stopGrace.toSeconds()));
  }

  /** Whether the container runs under Docker's init: {@code true} unless the spec says {@code false}. */
  static boolean init(Spec spec) {
    String init = spec.property(DockerSpec.INIT).orElse("true");
    if (!init.equals("true") && !init.equals("false")) {
      throw new IllegalArgumentException("Property " + DockerSpec.INIT + " of " + spec.key() + " is '" + init + "': use true or false");
    }
    return init.equals("true");
  }

  /** {@code --memory}, {@code --cpus} and {@code --user}, for those the spec names. */
  static List<String> limits(Spec spec) {
    ResourceKey key = spec.key();
    List<String> options = new ArrayList<>();
    Optional<String> memory = spec.property(DockerSpec.MEMORY);
    if (memory.isPresent()) {
      options.addAll(List.of("--memory", checked(key, DockerSpec.MEMORY, memory.get(), MEMORY, "bytes with an optional unit, e.g. 512m")));
    }
    Optional<String> cpus = spec.property(DockerSpec.CPUS);
    if (cpus.isPresent()) {
      options.addAll(List.of("--cpus", checked(key, DockerSpec.CPUS, cpus.get(), CPUS, "a number of CPUs, e.g. 1.5")));
    }
    Optional<String> user = spec.property(DockerSpec.USER);
    if (user.isPresent()) {
      options.addAll(List.of("--user", checked(key, DockerSpec.USER, user.get(), USER, "a user name, uid or uid:gid")));
    }
    return options;
  }

  /** The node's working directory, when the spec names one: an absolute path. */
  static Optional<String> directory(Spec spec) {
    return spec.property(ProcessSpec.DIRECTORY).map(directory -> absolutePath(spec.key(), ProcessSpec.DIRECTORY, directory));
  }

  /** The node's environment: its {@code env.NAME} properties and Steward's markers, by name. */
  static Map<String, String> environment(Spec spec, String instance) {
    ResourceKey key = spec.key();
    Map<String, String> env = new TreeMap<>(ProcessSpec.environment(spec));
    env.put(ProcessSpec.ENV_INSTANCE, instance);
    env.put(ProcessSpec.ENV_RESOURCE, ProcessSpec.resourceMarker(key));
    env.keySet().forEach(variable -> {
      if (!ENV_NAME.matcher(variable).matches()) {
        throw new IllegalArgumentException("Property " + ProcessSpec.ENV_PREFIX + variable + " of " + key
            + " does not name an environment variable: use letters, digits and _, not starting with a digit");
      }
    });
    return env;
  }

  /** A {@code --mount} for each {@code volumes.NAME} property, by name. */
  static List<String> mounts(Spec spec) {
    List<String> options = new ArrayList<>();
    new TreeMap<>(spec.properties()).forEach((property, value) -> {
      if (property.startsWith(DockerSpec.VOLUMES_PREFIX)) {
        options.addAll(List.of("--mount", mount(spec.key(), property, value)));
      }
    });
    return options;
  }

  /** {@code docker create} without the program: {@code create --pull P OPTIONS --label HASH IMAGE COMMAND}. */
  List<String> createArguments() {
    List<String> argv = new ArrayList<>(List.of("create", "--pull", pull));
    argv.addAll(options);
    argv.addAll(List.of("--label", LABEL_SPEC_HASH + "=" + specHash));
    argv.add(image);
    argv.addAll(command);
    return argv;
  }

  /** A {@code --mount} value from {@code SOURCE:TARGET[:ro]}: a bind for an absolute SOURCE, else a named volume. */
  private static String mount(ResourceKey key, String property, String value) {
    String[] parts = value.split(":", -1);
    if (parts.length < 2 || parts.length > 3 || parts.length == 3 && !parts[2].equals("ro") && !parts[2].equals("rw")) {
      throw new IllegalArgumentException("Property " + property + " of " + key + " is '" + value
          + "': write SOURCE:TARGET or SOURCE:TARGET:ro, e.g. /srv/data:/data or cache:/var/cache:ro");
    }
    String source = parts[0];
    String target = absolutePath(key, property + " (its target)", parts[1]);
    String type;
    if (source.startsWith("/")) {
      absolutePath(key, property + " (its source)", source);
      type = "bind";
    } else if (VOLUME_NAME.matcher(source).matches()) {
      type = "volume";
    } else {
      throw new IllegalArgumentException("Property " + property + " of " + key + " mounts '" + source
          + "': use an absolute host path or a volume name of letters, digits, _ . and -");
    }
    return "type=" + type + ",source=" + source + ",target=" + target + (parts.length == 3 && parts[2].equals("ro") ? ",readonly" : "");
  }

  private static String absolutePath(ResourceKey key, String property, String path) {
    boolean dotDot = List.of(path.split("/", -1)).contains("..");
    if (!path.startsWith("/") || dotDot || path.indexOf(',') >= 0 || path.indexOf(':') >= 0
        || path.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
      throw new IllegalArgumentException("Property " + property + " of " + key + " is '" + path
          + "': use an absolute path without '..', ',', ':' or control characters");
    }
    return path;
  }

  private static String checked(ResourceKey key, String property, String value, Pattern pattern, String what) {
    if (!pattern.matcher(value).matches()) {
      throw new IllegalArgumentException("Property " + property + " of " + key + " is '" + value + "': use " + what);
    }
    return value;
  }
}
