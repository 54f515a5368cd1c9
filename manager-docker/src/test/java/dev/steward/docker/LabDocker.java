package dev.steward.docker;

import dev.steward.CoreSettings;
import dev.steward.ProcessSpec;
import dev.steward.ResourceKey;
import dev.steward.Settings;
import dev.steward.Spec;
import dev.steward.Transport;
import dev.steward.discovery.ExtensionPoint;
import dev.steward.discovery.ProviderRegistry;
import dev.steward.testsupport.lab.Lab;
import dev.steward.testsupport.lab.LabService;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * This machine's Docker engine and the lab's busybox image ({@code lab/docker-images.sh}), and the
 * docker command run here by hand, outside Steward: how the tests look at what the manager did, and
 * clean up after it. Test classes that use it say {@code @RequiresLab(LabService.DOCKER)}.
 */
final class LabDocker {
  private LabDocker() {}

  /** What docker printed and how it exited. */
  record Result(int exitCode, String stdout, String stderr) {
    Result requireSuccess() {
      if (exitCode != 0) {
        throw new AssertionError("docker exited with status " + exitCode + ": " + stderr);
      }
      return this;
    }
  }

  /** The busybox image the lab imported. */
  static String image() {
    return Lab.properties(LabService.DOCKER).getProperty("image");
  }

  /** An instance name no other test uses. */
  static String uniqueInstance(String prefix) {
    return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  /** A node that sleeps until stopped, in the lab's image. */
  static Spec sleeper(ResourceKey key) {
    return Spec.of(key).with(DockerSpec.IMAGE, image()).with(ProcessSpec.COMMAND, "sleep 600").with(ProcessSpec.VERSION, "1.0");
  }

  /** The {@code local} transport, as an embedder gets it. */
  static Transport localTransport() {
    return ProviderRegistry.discover().create(ExtensionPoint.TRANSPORT, Settings.builder().set(CoreSettings.TRANSPORT, "local").build());
  }

  /** {@code docker ARGS} on this machine, by hand. */
  static Result docker(String... args) {
    List<String> argv = new ArrayList<>(List.of("docker"));
    argv.addAll(List.of(args));
    try {
      Process process = new ProcessBuilder(argv).start();
      process.getOutputStream().close();
      byte[] out = process.getInputStream().readAllBytes();
      byte[] err = process.getErrorStream().readAllBytes();
      if (!process.waitFor(2, TimeUnit.MINUTES)) {
        process.destroyForcibly();
        throw new AssertionError("docker " + String.join(" ", args) + " did not finish within 2 minutes");
      }
      return new Result(process.exitValue(), new String(out, StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  /** {@code docker inspect -f FORMAT CONTAINER}'s output, stripped; fails the test when docker fails. */
  static String inspect(String container, String format) {
    return docker("inspect", "--type", "container", "-f", format, container).requireSuccess().stdout().strip();
  }

  static boolean exists(String container) {
    return docker("inspect", "--type", "container", container).exitCode() == 0;
  }

  /** The ids of every container labelled as {@code instance}'s. */
  static List<String> containersOf(String instance) {
    return docker("ps", "-aq", "--no-trunc", "--filter", "label=dev.steward.instance=" + instance).requireSuccess().stdout().lines()
        .filter(l -> !l.isBlank()).toList();
  }

  /** Removes every container labelled as {@code instance}'s. */
  static void removeContainersOf(String instance) {
    List<String> ids = containersOf(instance);
    if (!ids.isEmpty()) {
      List<String> argv = new ArrayList<>(List.of("rm", "-f", "-v"));
      argv.addAll(ids);
      docker(argv.toArray(String[]::new));
    }
  }
}
