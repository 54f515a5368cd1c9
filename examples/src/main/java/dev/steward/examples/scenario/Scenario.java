package dev.steward.examples.scenario;

/**
 * One example the runner can play with {@code steward run NAME}: a short, self-checking story that
 * shows one Steward capability working, written for someone who has never seen Steward.
 *
 * <p>A scenario writes only to {@link ScenarioContext#out()}, takes its providers from {@link
 * ScenarioContext#registry()} and its settings from {@link ScenarioContext#settings()}, so it
 * behaves the same in the runner and in a test. When something it demonstrates does not behave as
 * promised it throws a {@link dev.steward.StewardException}, which the runner reports as a failure.
 * Implementations should be stateless, so one instance may be run many times.
 */
public interface Scenario {
  /** The name to run it by: lowercase letters, digits and '-', e.g. {@code lifecycle}. */
  String name();

  /** One line saying what it shows, listed by {@code steward scenarios}. */
  String description();

  /** Plays the scenario, writing what happens to the context's output. */
  void run(ScenarioContext context);
}
