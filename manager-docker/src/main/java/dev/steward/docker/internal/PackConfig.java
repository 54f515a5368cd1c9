package dev.steward.docker.internal;

import dev.steward.ProcessSpec;
import dev.steward.ResourceKey;
import dev.steward.Spec;
import dev.steward.docker.DockerSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Where and how a packed node runs ({@link DockerSpec#PACK_SIZE}): the pack container, made from
 * the spec's container-level properties only so the nodes of a group share it, and the node's own
 * launch in it. Checked before anything runs. Immutable and thread-safe.
 *
 * @param container what {@code docker create} is asked for the pack container: the keeper on the
 *     host's network, labelled with the instance, the host and {@link #label}, named by {@link
 *     ContainerNames#pack} with the hash of its options but the labels, its image and its keeper
 *     (so the packs of a group made from one spec have one hash)
 * @param label the pack, {@code GROUP-K}: the value of its {@value ContainerConfig#LABEL_PACK} label
 * @param node how the node starts in it
 */
record PackConfig(ContainerConfig container, String label, NodeLaunch node) {
  private static final Pattern GROUP = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,62}");
  private static final Pattern NUMBER = Pattern.compile("[1-9][0-9]{0,5}");

  PackConfig {
    Objects.requireNonNull(container, "container");
    Objects.requireNonNull(label, "label");
    Objects.requireNonNull(node, "node");
  }

  /**
   * Whether {@code spec} packs its node with others: its {@link DockerSpec#PACK_SIZE} is above 1.
   *
   * @throws IllegalArgumentException when the size is not a whole number from 1
   */
  static boolean packs(Spec spec) {
    return spec.property(DockerSpec.PACK_SIZE).map(size -> number(spec.key(), DockerSpec.PACK_SIZE, size) > 1).orElse(false);
  }

  /**
   * The pack of {@code spec}'s node and how it starts there.
   *
   * @param stopGrace the pack container's {@code --stop-timeout}
   * @throws IllegalArgumentException naming the property, when the spec cannot be packed
   */
  static PackConfig of(Spec spec, String instance, Duration stopGrace) {
    ResourceKey key = spec.key();
    int size = number(key, DockerSpec.PACK_SIZE, spec.property(DockerSpec.PACK_SIZE).orElse("1"));
    String group = spec.property(DockerSpec.PACK_GROUP).orElseThrow(() -> new IllegalArgumentException("The spec of " + key
        + " packs " + size + " nodes to a container but has no '" + DockerSpec.PACK_GROUP + "' property: name the group (its fleet)"));
    if (!GROUP.matcher(group).matches()) {
      throw new IllegalArgumentException("Property " + DockerSpec.PACK_GROUP + " of " + key + " is '" + group
          + "': use letters, digits, _ . and -, starting with a letter or digit, at most 63 characters");
    }
    int index = number(key, DockerSpec.PACK_INDEX, spec.property(DockerSpec.PACK_INDEX).orElseThrow(() -> new IllegalArgumentException(
        "The spec of " + key + " packs " + size + " nodes to a container but has no '" + DockerSpec.PACK_INDEX
            + "' property: give the node's index in its group, from 1")));
    if (spec.property(DockerSpec.PUBLISH_ADDRESS).isPresent()) {
      throw new IllegalArgumentException("Property " + DockerSpec.PUBLISH_ADDRESS + " of " + key + " cannot be used with "
          + DockerSpec.PACK_SIZE + " " + size + ": packed nodes share the host's network and publish nothing (each binds its own"
          + " ports on the host, where the firewall guards them); remove " + DockerSpec.PUBLISH_ADDRESS + ", or do not pack the node");
    }
    if (!ContainerConfig.init(spec)) {
      throw new IllegalArgumentException("Property " + DockerSpec.INIT + " of " + key + " is false, but a pack container needs Docker's"
          + " init (it reaps what the nodes leave behind): remove the property, or do not pack the node");
    }
    if (spec.property(ProcessSpec.COMMAND).isEmpty()) {
      throw new IllegalArgumentException("The spec of " + key + " has no '" + ProcessSpec.COMMAND + "' property: a packed node runs"
          + " its command beside others in one container, not the image's own command; give the command line the node runs");
    }
    List<String> argv = ProcessSpec.argv(spec);
    if (argv.get(0).contains("=")) {
      throw new IllegalArgumentException("The command of " + key + " starts with '" + argv.get(0) + "': a packed node is started"
          + " through env, which takes a first word with '=' for a variable; name the program by its path, e.g. ./" + argv.get(0));
    }
    String version = spec.property(ProcessSpec.VERSION).orElse("");
    if (version.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
      throw new IllegalArgumentException("Property " + ProcessSpec.VERSION + " of " + key + " holds a control character:"
          + " a packed node's version is kept on one line");
    }
    String label = group + "-" + ((index - 1) / size + 1);
    String image = ContainerConfig.image(spec);
    // What the container is made of, hashed without its labels: the packs of a group made from one spec share the hash.
    List<String> made = new ArrayList<>(ContainerConfig.restartOptions(spec, stopGrace));
    made.add("--init");
    made.addAll(ContainerConfig.limits(spec));
    made.addAll(ContainerConfig.mounts(spec));
    made.addAll(List.of("--network", "host", "--entrypoint", "sh"));
    List<String> keeper = PackScripts.keeper();
    List<String> hashed = new ArrayList<>(made);
    hashed.add(image);
    hashed.addAll(keeper);
    String containerHash = ContainerNames.hash(String.join("\0", hashed));
    String name = ContainerNames.pack(instance, label, containerHash);
    List<String> options = new ArrayList<>(List.of("--name", name));
    options.addAll(List.of("--label", ContainerConfig.LABEL_INSTANCE + "=" + instance));
    options.addAll(List.of("--label", ContainerConfig.LABEL_HOST + "=" + key.host()));
    options.addAll(List.of("--label", ContainerConfig.LABEL_PACK + "=" + label));
    options.addAll(made);
    ContainerConfig container = new ContainerConfig(name, image, ContainerConfig.pull(spec), options, keeper, containerHash, "");

    Map<String, String> environment = ContainerConfig.environment(spec, instance);
    Optional<String> workdir = ContainerConfig.directory(spec);
    List<String> node = new ArrayList<>(List.of(containerHash, version, workdir.orElse("")));
    environment.forEach((variable, value) -> node.add(variable + "=" + value));
    node.add("");
    node.addAll(argv);
    String nodeHash = ContainerNames.hash(String.join("\0", node));
    return new PackConfig(container, label, new NodeLaunch(key, NodeLaunch.directoryOf(key), argv, environment, workdir, version, nodeHash));
  }

  private static int number(ResourceKey key, String property, String value) {
    if (!NUMBER.matcher(value.strip()).matches()) {
      throw new IllegalArgumentException("Property " + property + " of " + key + " is '" + value + "': use a whole number from 1");
    }
    return Integer.parseInt(value.strip());
  }
}
