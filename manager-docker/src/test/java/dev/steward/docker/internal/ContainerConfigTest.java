package dev.steward.docker.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.steward.ProcessSpec;
import dev.steward.ResourceKey;
import dev.steward.Spec;
import dev.steward.docker.DockerSpec;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ContainerConfigTest {
  private static final ResourceKey KEY = ResourceKey.local("node", "web1");
  private static final Duration GRACE = Duration.ofSeconds(7);

  private static Spec spec() {
    return Spec.of(KEY).with(DockerSpec.IMAGE, "steward/busybox:test");
  }

  private static ContainerConfig config(Spec spec) {
    return ContainerConfig.of(spec, "main", GRACE);
  }

  @Test
  void makesTheCreateCommandWithLabelsRestartNoInitAndTheImagesOwnCommand() {
    ContainerConfig config = config(spec());

    assertThat(config.createArguments()).containsExactly("create", "--pull", "missing",
        "--name", "steward-main-node-web1",
        "--label", "dev.steward.key=node/web1",
        "--label", "dev.steward.instance=main",
        "--label", "dev.steward.host=local",
        "--restart", "no",
        "--stop-timeout", "7",
        "--init",
        "--env", "STEWARD_INSTANCE=main",
        "--env", "STEWARD_RESOURCE=node/web1",
        "--label", "dev.steward.spec-hash=" + config.specHash(),
        "steward/busybox:test");
  }

  @Test
  void publishesTheMetricsPageBesideThePortsOnce() {
    assertThat(String.join(" ", config(spec().with(ProcessSpec.PORT, "8080").with(ProcessSpec.METRICS_PORT, "9100")).createArguments()))
        .contains("--publish 127.0.0.1:8080:8080/tcp --publish 127.0.0.1:9100:9100/tcp");
    assertThat(String.join(" ", config(spec().with(ProcessSpec.PORT, "8080").with(ProcessSpec.METRICS_PORT, "8080")).createArguments()))
        .containsOnlyOnce("--publish");
    assertThatThrownBy(() -> config(spec().with(ProcessSpec.METRICS_PORT, "70000")))
        .hasMessage("Property metrics.port of node/web1@local is '70000': use a port number");
  }

  @Test
  void labelsTheVersionAndTheHost() {
    assertThat(String.join(" ", config(Spec.of(ResourceKey.of("node", "web1", "edge")).with(DockerSpec.IMAGE, "steward/busybox:test")
        .with(ProcessSpec.VERSION, "2.0")).createArguments()))
        .contains("--label dev.steward.host=edge --label dev.steward.version=2.0 ");
  }

  @Test
  void turnsEveryPropertyIntoItsOption() {
    ContainerConfig config = config(spec()
        .with(ProcessSpec.COMMAND, "httpd -f -p '8080'")
        .with(ProcessSpec.DIRECTORY, "/srv")
        .with(ProcessSpec.PORT, "8080")
        .with(ProcessSpec.PORTS_PREFIX + "gossip", "9000/udp")
        .with("env.MODE", "fast lane")
        .with(DockerSpec.PULL, "never")
        .with(DockerSpec.MEMORY, "512m")
        .with(DockerSpec.CPUS, "1.5")
        .with(DockerSpec.RESTART, "on-failure:3")
        .with(DockerSpec.USER, "1000:1000")
        .with(DockerSpec.INIT, "false")
        .with(DockerSpec.VOLUMES_PREFIX + "data", "/srv/data:/data:ro")
        .with(DockerSpec.VOLUMES_PREFIX + "cache", "web-cache:/var/cache"));

    assertThat(String.join(" ", config.createArguments()))
        .startsWith("create --pull never --name steward-main-node-web1 ")
        .contains("--restart on-failure:3", "--memory 512m", "--cpus 1.5", "--user 1000:1000", "--workdir /srv",
            "--env MODE=fast lane", "--mount type=volume,source=web-cache,target=/var/cache",
            "--mount type=bind,source=/srv/data,target=/data,readonly",
            "--publish 127.0.0.1:8080:8080/tcp --publish 127.0.0.1:9000:9000/udp")
        .doesNotContain("--init")
        .endsWith(" steward/busybox:test httpd -f -p 8080");
    assertThat(config.publishesEverywhere()).isFalse();
  }

  @Test
  void publishesOnTheAddressTheSpecNames() {
    assertThat(config(spec().with(ProcessSpec.PORT, "80").with(DockerSpec.PUBLISH_ADDRESS, "0.0.0.0")).createArguments())
        .containsSequence("--publish", "0.0.0.0:80:80/tcp");
    assertThat(config(spec().with(DockerSpec.PUBLISH_ADDRESS, "0.0.0.0")).publishesEverywhere()).isTrue();
    assertThat(config(spec().with(ProcessSpec.PORT, "80").with(DockerSpec.PUBLISH_ADDRESS, "::1")).createArguments())
        .containsSequence("--publish", "[::1]:80:80/tcp");
  }

  @Test
  void theSpecHashChangesWithTheSpecAndOnlyWithIt() {
    String hash = config(spec()).specHash();

    assertThat(config(spec()).specHash()).isEqualTo(hash).matches("[0-9a-f]{12}");
    assertThat(config(spec().with("env.A", "1")).specHash()).isNotEqualTo(hash);
    assertThat(config(spec().with(DockerSpec.IMAGE, "steward/busybox:other")).specHash()).isNotEqualTo(hash);
    assertThat(config(spec().with(ProcessSpec.COMMAND, "sleep 1")).specHash()).isNotEqualTo(hash);
  }

  @Test
  void refusesASpecWithoutAnImage() {
    assertThatThrownBy(() -> config(Spec.of(KEY)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("The spec of node/web1@local has no 'image' property: name the image its container runs");
  }

  @Test
  void refusesVolumesThatAreNotAbsoluteOrClimbOutOrNameNoValidVolume() {
    assertThatThrownBy(() -> config(spec().with("volumes.a", "data/x:/data")))
        .hasMessage("Property volumes.a of node/web1@local mounts 'data/x': use an absolute host path or a volume name of letters, digits, _ . and -");
    assertThatThrownBy(() -> config(spec().with("volumes.a", "/srv/../etc:/data")))
        .hasMessage("Property volumes.a (its source) of node/web1@local is '/srv/../etc': use an absolute path without '..', ',', ':' or control characters");
    assertThatThrownBy(() -> config(spec().with("volumes.a", "/srv:data")))
        .hasMessageContaining("Property volumes.a (its target) of node/web1@local is 'data'");
    assertThatThrownBy(() -> config(spec().with("volumes.a", "/srv:/data:rx")))
        .hasMessageContaining("write SOURCE:TARGET or SOURCE:TARGET:ro");
    assertThatThrownBy(() -> config(spec().with("volumes.a", "-v:/data")))
        .hasMessageContaining("mounts '-v'");
  }

  @Test
  void refusesValuesDockerWouldMisread() {
    assertThatThrownBy(() -> config(spec().with(DockerSpec.IMAGE, "--privileged"))).hasMessageContaining("use an image reference");
    assertThatThrownBy(() -> config(spec().with(DockerSpec.PULL, "sometimes"))).hasMessageContaining("use missing, always or never");
    assertThatThrownBy(() -> config(spec().with(DockerSpec.MEMORY, "lots"))).hasMessageContaining("Property memory");
    assertThatThrownBy(() -> config(spec().with(DockerSpec.RESTART, "on-failure:x"))).hasMessageContaining("Property restart");
    assertThatThrownBy(() -> config(spec().with(DockerSpec.PUBLISH_ADDRESS, "example.org"))).hasMessageContaining("use an IP address");
    assertThatThrownBy(() -> config(spec().with("env.1BAD", "x"))).hasMessageContaining("does not name an environment variable");
  }

  @Test
  void namesWithCharactersDockerRefusesGetAHash() {
    String name = ContainerNames.of("main", ResourceKey.local("node", "web@1"));

    assertThat(name).matches("steward-main-node-web_1-[0-9a-f]{12}");
    assertThat(ContainerNames.of("main", ResourceKey.local("node", "web_1"))).isEqualTo("steward-main-node-web_1").isNotEqualTo(name);
    assertThat(ContainerNames.of("main", ResourceKey.local("node", "x".repeat(200)))).hasSize(ContainerNames.MAX_LENGTH);
  }
}
