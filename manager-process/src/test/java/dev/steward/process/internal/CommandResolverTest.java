package dev.steward.process.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CommandResolverTest {
  @TempDir
  Path dir;

  private Path program(String name, String mode) throws IOException {
    Path file = dir.resolve(name);
    Files.createDirectories(file.getParent());
    Files.writeString(file, "#!/bin/sh\n");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(mode));
    return file;
  }

  @Test
  void findsAWordInTheFirstPathDirectoryThatHasIt() throws IOException {
    program("a/tool", "rw-------");
    Path wanted = program("b/tool", "rwx------");
    program("c/tool", "rwx------");

    CommandResolver.Resolution found = CommandResolver.resolve("tool", Path.of("/"),
        Optional.of(dir.resolve("a") + ":" + dir.resolve("b") + ":" + dir.resolve("c")));

    assertThat(found.executable()).contains(wanted);
  }

  @Test
  void aWordNotInPathIsNamedWithThePathSearched() {
    CommandResolver.Resolution missing = CommandResolver.resolve("no-such-tool", dir, Optional.of("/nowhere:/nothing"));

    assertThat(missing.executable()).isEmpty();
    assertThat(missing.problem()).isEqualTo("the command 'no-such-tool' was not found in PATH (/nowhere:/nothing). "
        + "Install it, or give its absolute path");
  }

  @Test
  void aWordFoundOnlyAsANonExecutableFileSaysSo() throws IOException {
    program("a/tool", "rw-------");

    assertThat(CommandResolver.resolve("tool", dir, Optional.of(dir.resolve("a").toString())).problem())
        .contains("was not found as an executable file");
  }

  @Test
  void aRelativePathIsTakenFromTheWorkingDirectory() throws IOException {
    Path wanted = program("bin/run", "rwx------");

    assertThat(CommandResolver.resolve("./bin/run", dir, Optional.empty()).executable()).contains(wanted);
    assertThat(CommandResolver.resolve("bin/run", dir, Optional.empty()).executable()).contains(wanted);
  }

  @Test
  void aPathThatIsMissingOrNotExecutableOrADirectoryIsExplained() throws IOException {
    program("bin/plain", "rw-------");

    assertThat(CommandResolver.resolve("./bin/missing", dir, Optional.empty()).problem())
        .isEqualTo("the command './bin/missing' does not exist (looked for " + dir.resolve("bin/missing") + ")");
    assertThat(CommandResolver.resolve("./bin/plain", dir, Optional.empty()).problem())
        .isEqualTo("the command './bin/plain' is not executable: chmod +x " + dir.resolve("bin/plain"));
    assertThat(CommandResolver.resolve(dir + "/bin", dir, Optional.empty()).problem())
        .endsWith("is a directory, not a program");
  }

  @Test
  void aWordCannotBeLookedUpWithoutPath() {
    assertThat(CommandResolver.resolve("sleep", dir, Optional.empty()).problem())
        .startsWith("the command 'sleep' cannot be looked up: the process has no PATH");
  }
}
