package dev.steward.store;

import java.nio.file.Path;
import java.util.List;

/**
 * What {@link FileStateStore#verify()} found.
 *
 * @param directory the state directory
 * @param records how many records the state holds
 * @param serial the state's serial
 * @param journalLines how many committed lines the journal holds
 * @param problems every problem found, each naming its file; empty when all is well
 */
public record VerifyReport(Path directory, int records, long serial, int journalLines, List<String> problems) {
  public VerifyReport {
    problems = List.copyOf(problems);
  }

  public boolean ok() {
    return problems.isEmpty();
  }
}
