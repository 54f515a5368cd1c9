package dev.steward.docker;

import dev.steward.Command;
import dev.steward.CommandResult;
import dev.steward.CoreSettings;
import dev.steward.ProcessManager;
import dev.steward.ProcessStatus;
import dev.steward.ProcessSpec;
import dev.steward.ResourceKey;
import dev.steward.Settings;
import dev.steward.Spec;
import dev.steward.Transport;
import dev.steward.TransportException;
import dev.steward.discovery.ExtensionPoint;
import dev.steward.discovery.ProviderRegistry;
import dev.steward.spi.ProviderContext;
import dev.steward.testsupport.lab.Lab;
import dev.steward.testsupport.lab.LabService;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

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

  /** The {@code docker} manager of {@code instance} through {@code transport}, watching a start for half a second; with {@code more} settings. */
  static ProcessManager manager(String instance, Transport transport, UnaryOperator<Settings.Builder> more) {
    Settings settings = more.apply(Settings.builder()
        .set(CoreSettings.INSTANCE, instance)
        .set(DockerSettings.START_CHECK, Duration.ofMillis(500))
        .set(ExtensionPoint.PROCESS_MANAGER.selectionSetting(), "docker")).build();
    return ProviderRegistry.discover().create(ExtensionPoint.PROCESS_MANAGER, ProviderContext.of(settings, transport));
  }

  /** {@code transport}, each command put in {@code into} before it runs. */
  static Transport recording(Transport transport, List<Command> into) {
    return new Transport() {
      @Override
      public CommandResult run(String host, Command command) {
        into.add(command);
        return transport.run(host, command);
      }
    };
  }

  /** {@code transport}, each command changed by {@code change} before it runs. */
  static Transport changingCommands(Transport transport, UnaryOperator<Command> change) {
    return new Transport() {
      @Override
      public CommandResult run(String host, Command command) {
        return transport.run(host, change.apply(command));
      }
    };
  }

  /** {@code transport}, each command's result changed by {@code change}. */
  static Transport changingResults(Transport transport, UnaryOperator<CommandResult> change) {
    return new Transport() {
      @Override
      public CommandResult run(String host, Command command) {
        return change.apply(transport.run(host, command));
      }
    };
  }

  /**
   * {@code transport}, where the connection drops after each command {@code cutHere} picks was
   * sent: the command runs, and its caller gets a {@link TransportException} instead of its answer.
   */
  static Transport cuttingAfter(Transport transport, Predicate<Command> cutHere) {
    return new Transport() {
      @Override
      public CommandResult run(String host, Command command) {
        if (cutHere.test(command)) {
          transport.run(host, command);
          throw new TransportException(host, "the connection dropped after '" + command.display() + "' was sent", null);
        }
        return transport.run(host, command);
      }
    };
  }

  /**
   * A contract test's {@code spec} in the lab's image; {@code packed}, with its node packed two to
   * a container as node 1 of group {@code contract}, so the nodes of a test share one pack.
   */
  static Spec forContract(Spec spec, boolean packed) {
    Spec inImage = spec.with(DockerSpec.IMAGE, image());
    return packed ? inImage.with(DockerSpec.PACK_SIZE, "2").with(DockerSpec.PACK_GROUP, "contract").with(DockerSpec.PACK_INDEX, "1")
        : inImage;
  }

  /**
   * Ends a contract test's node from outside Steward, as an operator or a crash would: {@code
   * docker kill} of its container, or, {@code packed}, {@code kill -9} of its process in its pack.
   */
  static void killFromOutside(ProcessStatus running, boolean packed) {
    String container = running.attributes().get("container");
    if (packed) {
      docker("exec", container, "kill", "-9", Long.toString(running.pid().orElseThrow())).requireSuccess();
    } else {
      docker("kill", container).requireSuccess();
    }
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
