package dev.steward.docker.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.steward.ProcessSpec;
import dev.steward.ResourceKey;
import dev.steward.Spec;
import dev.steward.docker.DockerSpec;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PackConfigTest {
  private static final Duration GRACE = Duration.ofSeconds(7);

  /** Node {@code index} of fleet web, packed 2 to a container. */
  private static Spec node(int index) {
    return Spec.of(ResourceKey.local("node", "web-" + index)).with(DockerSpec.IMAGE, "steward/busybox:test")
        .with(ProcessSpec.COMMAND, "httpd -f -p " + (8080 + index)).with(ProcessSpec.VERSION, "1.0")
        .with(DockerSpec.PACK_SIZE, "2").with(DockerSpec.PACK_GROUP, "web").with(DockerSpec.PACK_INDEX, Integer.toString(index));
  }

  private static Spec without(Spec spec, String property) {
    Map<String, String> properties = new HashMap<>(spec.properties());
    properties.remove(property);
    return new Spec(spec.key(), properties);
  }

  private static PackConfig config(Spec spec) {
    return PackConfig.of(spec, "main", GRACE);
  }

  @Test
  void packsOnlyAboveOneNodePerContainer() {
    Spec single = Spec.of(ResourceKey.local("node", "web-1")).with(DockerSpec.IMAGE, "steward/busybox:test");

    assertThat(PackConfig.packs(single)).isFalse();
    assertThat(PackConfig.packs(single.with(DockerSpec.PACK_SIZE, "1"))).isFalse();
    assertThat(PackConfig.packs(node(1))).isTrue();
    assertThatThrownBy(() -> PackConfig.packs(single.with(DockerSpec.PACK_SIZE, "two")))
        .hasMessage("Property pack.size of node/web-1@local is 'two': use a whole number from 1");
    assertThatThrownBy(() -> PackConfig.packs(single.with(DockerSpec.PACK_SIZE, "0")))
        .hasMessage("Property pack.size of node/web-1@local is '0': use a whole number from 1");
  }

  @Test
  void makesTheKeeperOnTheHostsNetworkUnderInitWithThePacksLabelsAndNoNodesOwnOptions() {
    PackConfig config = config(node(1).with(DockerSpec.MEMORY, "256m").with(DockerSpec.VOLUMES_PREFIX + "data", "/srv/web:/data:ro")
        .with("env.MODE", "fast").with(ProcessSpec.DIRECTORY, "/data").with(ProcessSpec.PORT, "8081"));
    ContainerConfig container = config.container();

    assertThat(config.label()).isEqualTo("web-1");
    assertThat(container.name()).isEqualTo("steward-main-pack-web-1-" + container.specHash());
    assertThat(container.createArguments()).containsExactly("create", "--pull", "missing",
        "--name", container.name(),
        "--label", "dev.steward.instance=main",
        "--label", "dev.steward.host=local",
        "--label", "dev.steward.pack=web-1",
        "--restart", "no",
        "--stop-timeout", "7",
        "--init",
        "--memory", "256m",
        "--mount", "type=bind,source=/srv/web,target=/data,readonly",
        "--network", "host",
        "--entrypoint", "sh",
        "--label", "dev.steward.spec-hash=" + container.specHash(),
        "steward/busybox:test",
        "-c", PackScripts.keeperText(), "steward-keeper");
  }

  @Test
  void theNodesOfAGroupShareTheirPackWhateverTheirCommandsEnvironmentsAndPorts() {
    PackConfig first = config(node(1).with("env.MODE", "fast").with(ProcessSpec.PORT, "8081"));
    PackConfig second = config(node(2).with(ProcessSpec.DIRECTORY, "/tmp"));
    PackConfig third = config(node(3));

    assertThat(second.container()).isEqualTo(first.container());
    assertThat(third.label()).isEqualTo("web-2");
    assertThat(third.container().specHash()).isEqualTo(first.container().specHash());
    assertThat(config(node(5)).label()).isEqualTo("web-3");
    assertThat(config(node(1).with(DockerSpec.PACK_SIZE, "3")).container()).as("the size alone is not the container's")
        .isEqualTo(first.container());
  }

  @Test
  void aContainerLevelPropertyMakesAnotherPack() {
    String hash = config(node(1)).container().specHash();

    assertThat(config(node(1).with(DockerSpec.IMAGE, "steward/busybox:2")).container().specHash()).isNotEqualTo(hash);
    assertThat(config(node(1).with(DockerSpec.CPUS, "0.5")).container().specHash()).isNotEqualTo(hash);
    assertThat(config(node(1).with(DockerSpec.USER, "1000")).container().specHash()).isNotEqualTo(hash);
    assertThat(config(node(1).with(DockerSpec.PACK_GROUP, "api")).container().name()).startsWith("steward-main-pack-api-1-");
  }

  @Test
  void startsEachNodeWithItsOwnCommandEnvironmentDirectoryAndVersion() {
    NodeLaunch node = config(node(2).with("env.MODE", "fast").with(ProcessSpec.DIRECTORY, "/srv")).node();

    assertThat(node.directory()).isEqualTo("node.web-2");
    assertThat(node.resource()).isEqualTo("node/web-2");
    assertThat(node.argv()).containsExactly("httpd", "-f", "-p", "8082");
    assertThat(node.version()).isEqualTo("1.0");
    assertThat(node.execOptions()).containsExactly("-w", "/srv");
    assertThat(node.command()).as("the variables reach the node alone, through env")
        .containsExactly("setsid", "env", "MODE=fast", "STEWARD_INSTANCE=main", "STEWARD_RESOURCE=node/web-2", "httpd", "-f", "-p", "8082");
    assertThat(config(node(1)).node().execOptions()).isEmpty();
    assertThat(node.hash()).matches("[0-9a-f]{12}");
  }

  @Test
  void theNodesHashChangesWithWhatStartsItAndWithItsPack() {
    String hash = config(node(1)).node().hash();

    assertThat(config(node(1)).node().hash()).isEqualTo(hash);
    assertThat(config(node(1).with(ProcessSpec.COMMAND, "httpd -f -p 9000")).node().hash()).isNotEqualTo(hash);
    assertThat(config(node(1).with("env.MODE", "slow")).node().hash()).isNotEqualTo(hash);
    assertThat(config(node(1).with(ProcessSpec.VERSION, "2.0")).node().hash()).isNotEqualTo(hash);
    assertThat(config(node(1).with(ProcessSpec.DIRECTORY, "/srv")).node().hash()).isNotEqualTo(hash);
    assertThat(config(node(1).with(DockerSpec.IMAGE, "steward/busybox:2")).node().hash()).isNotEqualTo(hash);
    assertThat(config(node(1).with(ProcessSpec.PORT, "9000")).node().hash()).as("ports are the node's business").isEqualTo(hash);
  }

  @Test
  void refusesWhatAPackedNodeCannotHave() {
    assertThatThrownBy(() -> config(node(1).with(DockerSpec.PUBLISH_ADDRESS, "127.0.0.1")))
        .hasMessage("Property publish-address of node/web-1@local cannot be used with pack.size 2: packed nodes share the host's network"
            + " and publish nothing (each binds its own ports on the host, where the firewall guards them); remove publish-address,"
            + " or do not pack the node");
    assertThatThrownBy(() -> config(node(1).with(DockerSpec.INIT, "false")))
        .hasMessage("Property init of node/web-1@local is false, but a pack container needs Docker's init (it reaps what the nodes leave"
            + " behind): remove the property, or do not pack the node");
    assertThatThrownBy(() -> config(without(node(1), DockerSpec.PACK_GROUP)))
        .hasMessage("The spec of node/web-1@local packs 2 nodes to a container but has no 'pack.group' property: name the group (its fleet)");
    assertThatThrownBy(() -> config(without(node(1), DockerSpec.PACK_INDEX)))
        .hasMessage("The spec of node/web-1@local packs 2 nodes to a container but has no 'pack.index' property: give the node's index in"
            + " its group, from 1");
    assertThatThrownBy(() -> config(node(1).with(DockerSpec.PACK_INDEX, "0")))
        .hasMessage("Property pack.index of node/web-1@local is '0': use a whole number from 1");
    assertThatThrownBy(() -> config(node(1).with(DockerSpec.PACK_GROUP, "web fleet")))
        .hasMessage("Property pack.group of node/web-1@local is 'web fleet': use letters, digits, _ . and -, starting with a letter or"
            + " digit, at most 63 characters");
    assertThatThrownBy(() -> config(without(node(1), ProcessSpec.COMMAND)))
        .hasMessageStartingWith("The spec of node/web-1@local has no 'command' property: a packed node runs its command beside others");
    assertThatThrownBy(() -> config(node(1).with(ProcessSpec.VERSION, "1.0\n2.0")))
        .hasMessage("Property version of node/web-1@local holds a control character: a packed node's version is kept on one line");
    assertThatThrownBy(() -> config(node(1).with(ProcessSpec.COMMAND, "MODE=fast httpd")))
        .hasMessage("The command of node/web-1@local starts with 'MODE=fast': a packed node is started through env, which takes a first"
            + " word with '=' for a variable; name the program by its path, e.g. ./MODE=fast");
    assertThatThrownBy(() -> config(node(1).with("env.BAD-NAME", "x")))
        .hasMessageContaining("does not name an environment variable");
  }

  @Test
  void aLaunchTokenGivesBackWhatStartsTheNode() {
    NodeLaunch node = config(node(1).with("env.QUOTE", "it's \"fine\"\nreally").with(ProcessSpec.DIRECTORY, "/srv")
        .with(ProcessSpec.COMMAND, "sh -c 'echo \"$QUOTE\"' ''")).node();

    NodeLaunch back = NodeLaunch.fromToken(node.key(), node.version(), node.hash(), node.token());

    assertThat(back).isEqualTo(node);
    assertThat(node.token()).matches("[A-Za-z0-9_-]+");
    assertThat(back.argv()).containsExactly("sh", "-c", "echo \"$QUOTE\"", "");
    assertThatThrownBy(() -> NodeLaunch.fromToken(node.key(), "1.0", node.hash(), "not base64!"))
        .hasMessage("Cannot read the output of the launch token of node/web-1@local: expected URL-safe base64");
  }

  @Test
  void aLongNameGetsAShortenedDirectoryOfItsOwn() {
    ResourceKey longer = ResourceKey.local("node", "n".repeat(200));
    ResourceKey other = ResourceKey.local("node", "n".repeat(199) + "m");

    assertThat(NodeLaunch.directoryOf(longer)).hasSize(NodeLaunch.MAX_DIRECTORY).startsWith("node.nnn")
        .isNotEqualTo(NodeLaunch.directoryOf(other));
    assertThat(NodeLaunch.directoryOf(ResourceKey.local("node", "web@2:x+y"))).isEqualTo("node.web@2:x+y");
    assertThat(new NodeLaunch(longer, "d", List.of("true"), Map.of(), Optional.empty(), "", "0123456789ab").resource())
        .isEqualTo("node/" + "n".repeat(200));
  }
}
