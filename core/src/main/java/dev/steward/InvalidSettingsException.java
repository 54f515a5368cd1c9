package dev.steward;

import java.util.List;
import java.util.stream.Collectors;

/** One or more settings are missing or wrong. Lists every problem at once, not just the first. */
public class InvalidSettingsException extends StewardException {
  private static final long serialVersionUID = 1L;
  private final transient List<SettingProblem> problems;

  public InvalidSettingsException(List<SettingProblem> problems) {
    super(message(problems));
    this.problems = List.copyOf(problems);
  }

  public List<SettingProblem> problems() {
    return problems;
  }

  private static String message(List<SettingProblem> problems) {
    if (problems.size() == 1) {
      return "Invalid setting: " + problems.get(0);
    }
    return problems.size() + " settings are invalid:"
        + problems.stream().map(p -> "\n  " + p).collect(Collectors.joining());
  }
}
