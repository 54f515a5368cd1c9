package dev.steward.examples.cli;

import dev.steward.status.StatusClient;
import dev.steward.status.StatusLocation;
import dev.steward.status.StatusRequestException;
import dev.steward.status.StatusUnavailableException;
import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code steward pause|resume|reload}: asks a running instance, on its socket, to do it. */
abstract class ControlCommand implements Callable<Integer> {
  @ParentCommand
  StewardCommand root;

  @Spec
  CommandSpec spec;

  @Mixin
  StatusTarget target;

  abstract String method();

  abstract String done(Object result, String instance);

  /** Whether the instance said the call changed something: {@code {"changed": true}}. */
  static boolean changed(Object result) {
    return result instanceof Map<?, ?> answer && Boolean.TRUE.equals(answer.get("changed"));
  }

  @Override
  public Integer call() {
    StatusLocation location = target.location(root.settings());
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Object result;
    try {
      result = StatusClient.of(location).call(method());
    } catch (StatusUnavailableException e) {
      err.println("steward: " + e.getMessage());
      err.flush();
      return ExitCodes.NOT_RUNNING;
    } catch (StatusRequestException e) {
      throw new CommandFailure("instance '" + location.name() + "' did not " + method() + ": " + e.getMessage(), e);
    }
    out.println(done(result, location.name()));
    out.flush();
    return ExitCodes.OK;
  }

  @Command(name = "pause", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
      description = {"Asks a running instance to pause until 'steward resume'.", "A paused instance stops acting and keeps answering."})
  static final class Pause extends ControlCommand {
    @Override
    String method() {
      return "pause";
    }

    @Override
    String done(Object result, String instance) {
      return changed(result) ? "Paused instance '" + instance + "'." : "Instance '" + instance + "' was already paused.";
    }
  }

  @Command(name = "resume", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
      description = "Asks a paused instance to go on.")
  static final class Resume extends ControlCommand {
    @Override
    String method() {
      return "resume";
    }

    @Override
    String done(Object result, String instance) {
      return changed(result) ? "Resumed instance '" + instance + "'." : "Instance '" + instance + "' was not paused.";
    }
  }

  @Command(name = "reload", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
      description = "Asks a running instance to reload: retry everything now.")
  static final class Reload extends ControlCommand {
    @Override
    String method() {
      return "reload";
    }

    @Override
    String done(Object result, String instance) {
      return "Instance '" + instance + "' reloaded.";
    }
  }
}
