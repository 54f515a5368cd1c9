package dev.steward.examples.cli;

import dev.steward.CoreSettings;
import dev.steward.Settings;
import dev.steward.examples.forward.ForwardDaemon;
import dev.steward.examples.forward.ForwardSpec;
import dev.steward.status.StatusLocation;
import dev.steward.status.StatusOptions;
import dev.steward.status.StatusSettings;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code steward forward-daemon}: the small port forwarder of the {@code forward-status} scenario,
 * as a process of its own. Prints {@code READY pid=PID} once it publishes its status, then runs
 * until it is stopped (SIGTERM stops it cleanly, removing its status file and socket).
 */
@Command(
    name = "forward-daemon",
    hidden = true,
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Runs a small port forwarder that publishes its status (used by the forward-status scenario).")
final class ForwardDaemonCommand implements Callable<Integer> {
  @ParentCommand
  StewardCommand root;

  @Spec
  CommandSpec spec;

  @Mixin
  StatusTarget target;

  @Option(names = "--forward", paramLabel = "ID=LOCALPORT:HOST:PORT", required = true, converter = SpecConverter.class,
      description = "A forward, e.g. web=8080:127.0.0.1:80. Repeatable.")
  List<ForwardSpec> forwards = new ArrayList<>();

  @Option(names = "--check-every", paramLabel = "DURATION", defaultValue = "250ms", converter = StateOptions.DurationConverter.class,
      description = "How often binds are retried and targets probed (default: ${DEFAULT-VALUE}).")
  Duration checkEvery;

  @Override
  public Integer call() throws InterruptedException {
    if (checkEvery.toMillis() < 10) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--check-every must be at least 10ms");
    }
    Settings settings = root.settings();
    StatusOptions.Builder options = StatusOptions.builder(target.directory(settings), target.instance(settings))
        .host(target.host())
        .heartbeat(settings.get(StatusSettings.HEARTBEAT))
        .idleTimeout(settings.get(StatusSettings.IDLE_TIMEOUT));
    ForwardDaemon daemon = ForwardDaemon.start(options, forwards, settings.get(CoreSettings.CLOCK),
        checkEvery);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      daemon.close();
      stopped.countDown();
    }, "forward-daemon-stop"));
    PrintWriter out = spec.commandLine().getOut();
    out.println("READY pid=" + ProcessHandle.current().pid() + " socket=" + daemon.publisher().location().socket());
    out.flush();
    stopped.await();
    return ExitCodes.OK;
  }

  static final class SpecConverter implements ITypeConverter<ForwardSpec> {
    @Override
    public ForwardSpec convert(String text) {
      try {
        return ForwardSpec.parse(text);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }
}
