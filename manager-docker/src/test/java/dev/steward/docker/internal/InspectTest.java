package dev.steward.docker.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.steward.observe.OutputParseException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

/** The parsers of docker inspect and docker version, on output recorded from Engine 20.10 with CLI 28.2. */
class InspectTest {
  static String resource(String name) {
    try (InputStream in = InspectTest.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("no test resource " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void readsStateExitCodeOomHealthAndLabelsOfEachContainer() {
    List<Container> containers = Inspect.containers(resource("inspect.json"));

    assertThat(containers).extracting(Container::name)
        .containsExactly("steward-rec-node-oom", "steward-rec-node-health", "steward-rec-node-stop", "steward-rec-node-run");
    Container oom = containers.get(0);
    assertThat(oom.status()).isEqualTo("exited");
    assertThat(oom.oomKilled()).isTrue();
    assertThat(oom.exitCode()).isEqualTo(137);
    assertThat(oom.pid()).isEmpty();
    assertThat(oom.health()).isEmpty();
    Container health = containers.get(1);
    assertThat(health.running()).isTrue();
    assertThat(health.health()).contains("healthy");
    assertThat(health.pid()).isPresent();
    Container stopped = containers.get(2);
    assertThat(stopped.exitCode()).isEqualTo(143);
    assertThat(stopped.finishedAt()).isPresent();
    Container running = containers.get(3);
    assertThat(running.id()).matches("[0-9a-f]{64}");
    assertThat(running.image()).isEqualTo("steward/busybox:test");
    assertThat(running.finishedAt()).isEmpty();
    assertThat(running.startedAt()).get().isInstanceOf(Instant.class);
    assertThat(running.restartCount()).isZero();
    assertThat(running.labels()).containsEntry("dev.steward.key", "node/run").containsEntry("dev.steward.instance", "rec")
        .containsEntry("dev.steward.spec-hash", "0123456789ab");
  }

  @Test
  void readsNoContainersFromAnEmptyArray() {
    assertThat(Inspect.containers("[]\n")).isEmpty();
  }

  @Test
  void readsTheClientAndServerVersions() {
    DockerVersion version = Inspect.version(resource("version.json"));

    assertThat(version.client()).isEqualTo("28.2.2");
    assertThat(version.clientApi()).isEqualTo("1.41");
    assertThat(version.server()).contains("20.10.24+dfsg1");
    assertThat(version.serverApi()).contains("1.41");
    assertThat(version).hasToString("client 28.2.2 (API 1.41), server 20.10.24+dfsg1 (API 1.41)");
  }

  @Test
  void readsNoServerWhenTheDaemonDidNotAnswer() {
    DockerVersion version = Inspect.version(resource("version-daemon-down.json"));

    assertThat(version.client()).isEqualTo("28.2.2");
    assertThat(version.server()).isEmpty();
    assertThat(version.components()).containsExactly(Map.entry("client", "28.2.2"), Map.entry("client-api", "1.50"));
  }

  @Test
  void refusesAContainerWithoutItsState() {
    assertThatThrownBy(() -> Inspect.containers("[{\"Id\":\"x\",\"Name\":\"/n\",\"Config\":{\"Image\":\"i\"}}]"))
        .isInstanceOf(OutputParseException.class)
        .hasMessage("Cannot read the output of docker inspect: expected \"State\" to be an object");
  }

  @Test
  void refusesAKeyGivenTwice() {
    assertThatThrownBy(() -> Inspect.containers("[{\"Id\":\"x\",\"Id\":\"y\"}]")).isInstanceOf(OutputParseException.class);
  }

  @Property
  void garbageInIsATypedErrorOut(@ForAll String garbage) {
    try {
      Inspect.containers(garbage);
    } catch (OutputParseException e) {
      assertThat(e.source()).isEqualTo(Inspect.SOURCE);
    }
    try {
      Inspect.version(garbage);
    } catch (OutputParseException e) {
      assertThat(e.source()).isEqualTo("docker version");
    }
  }
}
