package dev.steward.examples.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code steward state SUBCOMMAND --dir DIR}: operator commands on the state directory of the file store. */
@Command(
    name = "state",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
        "Looks at and repairs the file store's state directory.",
        "The directory is steward.store.dir: its records, their history and failures, export and import,",
        "and a check of every file.",
        "Every subcommand needs --dir DIR, an existing state directory (only import may create one).",
        "Commands that change something take --dry-run, which prints what would change and changes nothing."},
    subcommands = {
        StateListCommand.class, StateShowCommand.class, StateHistoryCommand.class, StateRetryCommand.class,
        StateClearCommand.class, StatePruneCommand.class, StateExportCommand.class, StateImportCommand.class,
        StateVerifyCommand.class},
    synopsisSubcommandLabel = "COMMAND")
public final class StateCommand implements Callable<Integer> {
  @ParentCommand
  StewardCommand root;

  @Spec
  CommandSpec spec;

  /** With no subcommand, says which there are. */
  @Override
  public Integer call() {
    return MissingSubcommand.explain(spec, " with the state, e.g. 'steward state list --dir DIR'");
  }
}
