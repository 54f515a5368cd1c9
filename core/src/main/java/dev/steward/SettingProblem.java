package dev.steward;

import java.util.Objects;

/**
 * What is wrong with one setting.
 *
 * @param name the setting's name, e.g. {@code steward.command.timeout}
 * @param problem what is wrong, with the offending value shown (masked when secret), e.g.
 *     {@code 'abc' is not a duration; write e.g. 500ms, 30s, 2m, 1h or PT30S}
 */
public record SettingProblem(String name, String problem) {
  public SettingProblem {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(problem, "problem");
  }

  @Override
  public String toString() {
    return name + ": " + problem;
  }
}
