package dev.steward.process.internal;

import dev.steward.CoreSettings;
import dev.steward.ProcessManager;
import dev.steward.Setting;
import dev.steward.Settings;
import dev.steward.StewardException;
import dev.steward.internal.proc.ProcTable;
import dev.steward.process.ProcessManagerSettings;
import dev.steward.spi.ProcessManagerProvider;
import dev.steward.spi.ProviderContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The {@code process} ProcessManager: real local processes that outlive the manager. */
public final class LocalProcessManagerProvider implements ProcessManagerProvider {
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
    ProcTable proc = ProcTable.ofThisMachine();
    if (!Files.isDirectory(proc.root().resolve("self"))) {
      throw new StewardException("The process manager needs Linux's /proc to watch its processes, and " + proc.root()
          + " is not mounted here: use another process manager (steward.process-manager)");
    }
    CommandResolver.Resolution setsid = CommandResolver.resolve("setsid", Path.of("").toAbsolutePath(),
        Optional.ofNullable(System.getenv("PATH")));
    if (setsid.executable().isEmpty()) {
      throw new StewardException("The process manager needs setsid (util-linux) to start each node in its own session, "
          + "and " + setsid.problem() + ". Install util-linux");
    }
    NodeRecords records = NodeRecords.open(ProcessManagerSettings.directory(settings));
    return new LocalProcessManager(records, proc, settings.get(CoreSettings.INSTANCE),
        setsid.executable().get(), settings.get(ProcessManagerSettings.START_CHECK),
        settings.get(ProcessManagerSettings.STOP_GRACE), context.clock());
  }
}
