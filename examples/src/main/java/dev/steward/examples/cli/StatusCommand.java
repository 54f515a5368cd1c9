package dev.steward.examples.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.steward.CoreSettings;
import dev.steward.Settings;
import dev.steward.examples.forward.StatusTable;
import dev.steward.status.Durations;
import dev.steward.status.StatusClient;
import dev.steward.status.StatusFile;
import dev.steward.status.StatusReport;
import dev.steward.status.StatusSettings;
import dev.steward.status.StatusSnapshot;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import java.util.concurrent.locks.LockSupport;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code steward status}: what a running instance is doing, from its socket, else from its last status file. */
@Command(
    name = "status",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
        "Shows what a running instance is doing.",
        "One line per item: ID, LOCAL, REMOTE, STATE, DURATION (in that state; with --since-created, since",
        "the item was created), REASON.",
        "Asks the instance on its socket; when nothing answers, shows its last status file with a warning",
        "(stale: its process is gone or the file is old). Exits 3 when no running instance answered."})
final class StatusCommand implements Callable<Integer> {
  private static final ObjectMapper JSON = new ObjectMapper();

  @ParentCommand
  StewardCommand root;

  @Spec
  CommandSpec spec;

  @Mixin
  StatusTarget target;

  @Option(names = "--json", description = "Prints {\"source\": \"socket\"|\"file\"|\"none\", \"running\", \"problems\", \"warnings\", \"status\"}.")
  boolean json;

  @Option(names = "--since-created", description = "DURATION counts from each item's creation, not from when it entered its state.")
  boolean sinceCreated;

  @Option(names = "--watch", description = "Shows the status again every --interval until interrupted (Ctrl-C).")
  boolean watch;

  @Option(names = "--interval", paramLabel = "DURATION", defaultValue = "2s", converter = StateOptions.DurationConverter.class,
      description = "How often --watch refreshes (default: ${DEFAULT-VALUE}).")
  Duration interval;

  @Option(names = "--frames", hidden = true, defaultValue = "0", description = "With --watch: stop after N frames (for tests).")
  int frames;

  @Override
  public Integer call() {
    if (interval.toMillis() < 100) {
      throw new ParameterException(spec.commandLine(), "--interval must be at least 100ms, got " + interval.toMillis() + "ms");
    }
    Settings settings = root.settings();
    Clock clock = settings.get(CoreSettings.CLOCK);
    StatusClient client = StatusClient.of(target.location(settings))
        .withStaleAfter(settings.get(StatusSettings.STALE_AFTER)).withClock(clock);
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    boolean clear = watch && System.console() != null && !json;
    int exitCode;
    int frame = 0;
    while (true) {
      if (clear) {
        out.print("\033[H\033[2J");
      } else if (frame > 0) {
        out.println();
      }
      StatusReport report = client.report();
      exitCode = json ? printJson(report, out) : printText(report, clock.instant(), sinceCreated, out, err);
      out.flush();
      err.flush();
      frame++;
      if (!watch || (frames > 0 && frame >= frames)) {
        return exitCode;
      }
      LockSupport.parkNanos(interval.toNanos());
      if (Thread.interrupted()) {
        return exitCode;
      }
    }
  }

  private static int exitCode(StatusReport report) {
    if (report.running()) {
      return ExitCodes.OK;
    }
    if (report.problems().contains(StatusReport.Problem.UNSUPPORTED_VERSION)
        || report.problems().contains(StatusReport.Problem.UNREADABLE)
        || report.problems().contains(StatusReport.Problem.REFUSED)) {
      return ExitCodes.FAILED;
    }
    return ExitCodes.NOT_RUNNING;
  }

  private static int printText(StatusReport report, Instant now, boolean sinceCreated, PrintWriter out, PrintWriter err) {
    report.warnings().forEach(w -> err.println("steward: warning: " + w));
    err.flush();
    if (report.snapshot().isPresent()) {
      StatusSnapshot s = report.snapshot().get();
      if (report.source() == StatusReport.Source.SOCKET) {
        out.println("Instance '" + s.instance() + "' (pid " + s.pid() + ", up " + Durations.format(Duration.between(s.startedAt(), now))
            + (s.paused() ? ", PAUSED" : "") + ") answered on " + report.location().socket() + ".");
      } else {
        out.println("Last status of instance '" + s.instance() + "' (pid " + s.pid() + "), from " + report.location().file()
            + (s.paused() ? ", paused" : "") + " (STALE: see the warning):");
      }
      out.println();
      StatusTable.lines(s, now, sinceCreated).forEach(out::println);
      out.println();
      out.println(StatusTable.summary(s));
    }
    return exitCode(report);
  }

  private static int printJson(StatusReport report, PrintWriter out) {
    ObjectNode document = JSON.createObjectNode();
    document.put("source", report.source().name().toLowerCase(java.util.Locale.ROOT));
    document.put("running", report.running());
    document.put("socket", report.location().socket().toString());
    document.put("file", report.location().file().toString());
    report.problems().forEach(p -> document.withArray("problems").add(p.name().toLowerCase(java.util.Locale.ROOT)));
    document.putArray("warnings");
    report.warnings().forEach(w -> document.withArray("warnings").add(w));
    if (!document.has("problems")) {
      document.putArray("problems");
    }
    try {
      if (report.snapshot().isPresent()) {
        document.set("status", JSON.readTree(StatusFile.toJson(report.snapshot().get())));
      } else {
        document.putNull("status");
      }
      out.println(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(document));
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException("Could not write the status as JSON", e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return exitCode(report);
  }

}
