package dev.steward.examples.cli;

import dev.steward.StewardVersion;
import picocli.CommandLine.IVersionProvider;

/** {@code --version}: the version of the Steward library the runner was built with. */
public final class VersionProvider implements IVersionProvider {
  @Override
  public String[] getVersion() {
    return new String[] {"steward " + StewardVersion.current()};
  }
}
