package dev.steward.examples.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code steward state SUBCOMMAND --dir DIR} or {@code ... --store postgres}: operator commands on
 * the state of the file store or the postgres store.
 */
@Command(
    name = "state",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
        "Looks at and repairs the stored state, in files or in PostgreSQL.",
        "The file store's state directory (steward.store.dir, --dir DIR) or, with",
        "--store postgres, the postgres store the steward.postgres.* settings name:",
        "its records, their history and failures, export and import (from one store",
        "into the other too), and a check of every file (file store only).",
        "Commands that change something take --dry-run, which prints what would",
        "change and changes nothing."},
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
