package dev.steward.examples.cli;

/** What {@code steward} exits with. */
public final class ExitCodes {
  /** The command did what it was asked. */
  public static final int OK = 0;
  /** The command was understood but failed, e.g. a provider could not be created. */
  public static final int FAILED = 1;
  /** The command line was wrong: unknown command or option, bad setting, missing plugin folder. */
  public static final int USAGE = 2;
  /** {@code status}, {@code pause}, {@code resume}, {@code reload}: no running instance answered (at most a stale status file was found). */
  public static final int NOT_RUNNING = 3;

  private ExitCodes() {}
}
