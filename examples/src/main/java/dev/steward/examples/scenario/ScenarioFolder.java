package dev.steward.examples.scenario;

import dev.steward.StewardException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The folder a scenario writes in: the one given with {@code --dir} (new or empty, kept
 * afterwards) or a temporary one that is removed at the end. Not thread-safe.
 */
final class ScenarioFolder implements AutoCloseable {
  private final Path root;
  private final boolean keep;

  private ScenarioFolder(Path root, boolean keep) {
    this.root = root;
    this.keep = keep;
  }

  static ScenarioFolder of(ScenarioContext context, String scenario) {
    if (context.directory().isPresent()) {
      return new ScenarioFolder(prepare(context.directory().get(), scenario), true);
    }
    try {
      return new ScenarioFolder(Files.createTempDirectory("steward-" + scenario + "-"), false);
    } catch (IOException e) {
      throw new UncheckedIOException("Could not create a temporary folder", e);
    }
  }

  Path root() {
    return root;
  }

  boolean kept() {
    return keep;
  }

  @Override
  public void close() {
    if (!keep) {
      deleteRecursively(root);
    }
  }

  private static Path prepare(Path dir, String scenario) {
    try {
      if (Files.exists(dir)) {
        try (Stream<Path> entries = Files.list(dir)) {
          if (entries.findAny().isPresent()) {
            throw new StewardException("The folder " + dir + " is not empty; give the " + scenario + " scenario a new or empty folder.");
          }
        }
      }
      return Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("Could not create " + dir, e);
    }
  }

  static void deleteRecursively(Path root) {
    try (Stream<Path> all = Files.walk(root)) {
      for (Path path : (Iterable<Path>) all.sorted(Comparator.reverseOrder())::iterator) {
        Files.deleteIfExists(path);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Could not remove " + root, e);
    }
  }
}
