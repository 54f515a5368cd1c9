package dev.steward.process.internal;

import dev.steward.CoreSettings;
import dev.steward.ProcessManager;
import dev.steward.Setting;
import dev.steward.Settings;
import dev.steward.StewardException;
import dev.steward.process.ProcessManagerSettings;
import dev.steward.spi.ProcessManagerProvider;
import dev.steward.spi.ProviderContext;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The {@code process} ProcessManager: real local processes that outlive the manager. */
public final class LocalProcessManagerProvider implements ProcessManagerProvider {
  private static final Logger LOG = LoggerFactory.getLogger(LocalProcessManagerProvider.class);
  private static final Path PROC = Path.of("/proc");
  /** USER_HZ on every Linux architecture Java runs on; used when getconf cannot say. */
  private static final long DEFAULT_TICKS = 100;

  @Override
  public String id() {
    return "process";
  }

  @Override
  public String description() {
    return "local processes in their own sessions, with a log each (steward.process.dir); they outlive the manager";
  }

  @Override
  public List<Setting<?>> settings() {
    List<Setting<?>> keys = new ArrayList<>(ProcessManagerSettings.all());
    keys.add(CoreSettings.INSTANCE);
    return keys;
  }

  @Override
  public ProcessManager create(ProviderContext context) {
    Settings settings = context.settings();
    if (!Files.isDirectory(PROC.resolve("self"))) {
      throw new StewardException("The process manager needs Linux's /proc to watch its processes, and " + PROC
          + " is not mounted here: use another process manager (steward.process-manager)");
    }
    CommandResolver.Resolution setsid = CommandResolver.resolve("setsid", Path.of("").toAbsolutePath(),
        Optional.ofNullable(System.getenv("PATH")));
    if (setsid.executable().isEmpty()) {
      throw new StewardException("The process manager needs setsid (util-linux) to start each node in its own session, "
          + "and " + setsid.problem() + ". Install util-linux");
    }
    NodeRecords records = NodeRecords.open(ProcessManagerSettings.directory(settings));
    return new LocalProcessManager(records, new ProcFs(PROC, ticksPerSecond()), settings.get(CoreSettings.INSTANCE),
        setsid.executable().get(), settings.get(ProcessManagerSettings.START_CHECK),
        settings.get(ProcessManagerSettings.STOP_GRACE), context.clock());
  }

  /** {@code getconf CLK_TCK}: the unit of the start times in /proc. */
  private static long ticksPerSecond() {
    try {
      Process getconf = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true)
          .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
      String out = new String(getconf.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).strip();
      if (getconf.waitFor(5, TimeUnit.SECONDS) && getconf.exitValue() == 0) {
        long ticks = Long.parseLong(out);
        if (ticks > 0) {
          return ticks;
        }
      }
    } catch (IOException | NumberFormatException e) {
      LOG.debug("getconf CLK_TCK: {}", e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    LOG.debug("Cannot run getconf CLK_TCK; counting {} clock ticks per second", DEFAULT_TICKS);
    return DEFAULT_TICKS;
  }
}
