package dev.steward.examples.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.steward.store.FileStateStore;
import dev.steward.store.VerifyReport;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code steward state verify}: checks every file and checksum of the state directory as it is on disk. */
@Command(
    name = "verify",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {"Checks every file of the state directory as it is on disk, without opening the store.",
        "So nothing is repaired first: the snapshot and its last good copy parse, every journal line has a good checksum,",
        "serials follow each other, modes are 0700/0600, and every record's lifecycle and state are known.",
        "Prints every problem and exits 1 when there is one; exits 0 with a summary when all is well."})
final class StateVerifyCommand extends StateSubcommand {
  @Option(names = "--json", description = "Prints {\"directory\", \"ok\", \"records\", \"serial\", \"journal_lines\", \"problems\": [...]}.")
  boolean json;

  @Override
  public Integer call() {
    requireFileStore("it reads the state directory's files. The postgres store keeps its own"
        + " consistency; to check its records, export them (steward state export --store postgres)");
    requireStateDirectory();
    VerifyReport report = FileStateStore.verify(settings());
    PrintWriter out = out();
    if (json) {
      ObjectNode document = JSON.createObjectNode();
      document.put("directory", report.directory().toString());
      document.put("ok", report.ok());
      document.put("records", report.records());
      document.put("serial", report.serial());
      document.put("journal_lines", report.journalLines());
      ArrayNode problems = document.putArray("problems");
      report.problems().forEach(problems::add);
      printJson(document);
    } else if (report.ok()) {
      out.println(report.directory() + " is fine: the snapshot holds " + plural(report.records(), "record") + " and the journal "
          + plural(report.journalLines(), "change") + " after it, up to serial " + report.serial() + ".");
    } else {
      out.println(plural(report.problems().size(), "problem") + " in " + report.directory() + ":");
      report.problems().forEach(problem -> out.println("  - " + problem));
      out.println();
      out.println("Nothing was changed. A damaged snapshot is rebuilt from its last good copy and the journals the next");
      out.println("time the store opens; a damaged journal line in the middle is not, and the store refuses to open.");
      out.println("To recover, import an export into a fresh directory (steward state import FILE --dir NEWDIR),");
      out.println("or keep the damaged files aside and start fresh (mv " + report.directory() + " " + report.directory()
          + ".damaged).");
    }
    out.flush();
    return report.ok() ? ExitCodes.OK : ExitCodes.FAILED;
  }
}
