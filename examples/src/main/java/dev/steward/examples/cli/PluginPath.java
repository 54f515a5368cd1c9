package dev.steward.examples.cli;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The folders whose {@code *.jar} files hold plugins, given with {@code --plugin-path} or, when that
 * option is absent, in the {@code STEWARD_PLUGIN_PATH} environment variable; several folders are
 * separated by {@link File#pathSeparator}. Immutable and thread-safe.
 */
final class PluginPath {
  static final String OPTION = "--plugin-path";
  static final String ENVIRONMENT_VARIABLE = "STEWARD_PLUGIN_PATH";

  private final List<Path> directories;
  private final String origin;

  private PluginPath(List<Path> directories, String origin) {
    this.directories = List.copyOf(directories);
    this.origin = origin;
  }

  /**
   * The folders named by the option's values, else by the environment variable, else none.
   *
   * @throws IllegalArgumentException naming the folder that is missing or not a folder
   */
  static PluginPath of(List<String> optionValues, Optional<String> environmentValue) {
    List<String> texts;
    String origin;
    if (!optionValues.isEmpty()) {
      texts = optionValues;
      origin = OPTION;
    } else if (environmentValue.isPresent()) {
      texts = List.of(environmentValue.get());
      origin = "the environment variable " + ENVIRONMENT_VARIABLE;
    } else {
      return new PluginPath(List.of(), "");
    }
    List<Path> directories = new ArrayList<>();
    for (String text : texts) {
      for (String entry : text.split(Pattern.quote(File.pathSeparator))) {
        if (!entry.isBlank()) {
          directories.add(check(entry, origin));
        }
      }
    }
    return new PluginPath(directories, origin);
  }

  private static Path check(String entry, String origin) {
    Path directory;
    try {
      directory = Path.of(entry).toAbsolutePath().normalize();
    } catch (InvalidPathException e) {
      throw new IllegalArgumentException("The plugin folder '" + entry + "' given in " + origin + " is not a valid path: "
          + e.getReason());
    }
    if (!Files.exists(directory)) {
      throw new IllegalArgumentException("The plugin folder " + directory + " given in " + origin + " does not exist. "
          + "Give folders that hold plugin jars, separated by '" + File.pathSeparator + "'.");
    }
    if (!Files.isDirectory(directory)) {
      throw new IllegalArgumentException("The plugin folder " + directory + " given in " + origin + " is not a folder. "
          + "Put plugin jars in a folder and give the folder, not the jar.");
    }
    return directory;
  }

  List<Path> directories() {
    return directories;
  }

  boolean isEmpty() {
    return directories.isEmpty();
  }

  /** Where the folders were given: the option or the environment variable; empty when none were. */
  String origin() {
    return origin;
  }

  /** Every {@code *.jar} directly in the folders, folder by folder, each folder's sorted by name. */
  List<Path> jars() {
    List<Path> jars = new ArrayList<>();
    for (Path directory : directories) {
      try (Stream<Path> files = Files.list(directory)) {
        jars.addAll(files
            .filter(file -> file.getFileName().toString().endsWith(".jar") && Files.isRegularFile(file))
            .sorted()
            .collect(Collectors.toList()));
      } catch (IOException e) {
        throw new UncheckedIOException("Could not list the plugin folder " + directory, e);
      }
    }
    return jars;
  }

  /** A class loader over {@link #jars()} whose parent is {@code parent}; the caller closes it. */
  URLClassLoader classLoader(ClassLoader parent) {
    Objects.requireNonNull(parent, "parent");
    List<URL> urls = new ArrayList<>();
    for (Path jar : jars()) {
      try {
        urls.add(jar.toUri().toURL());
      } catch (MalformedURLException e) {
        throw new IllegalStateException("The plugin jar " + jar + " has no URL", e);
      }
    }
    return new URLClassLoader("steward-plugins", urls.toArray(URL[]::new), parent);
  }
}
