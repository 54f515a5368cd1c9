package dev.steward.examples.cli;

import dev.steward.discovery.ProviderRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The providers one command works with: the built-ins the runner ships with plus those in the
 * plugin jars, and the class loader over those jars, closed with this. Not thread-safe.
 */
final class Plugins implements AutoCloseable {
  private final Optional<URLClassLoader> loader;
  private final List<Path> jars;
  private final ProviderRegistry registry;

  private Plugins(Optional<URLClassLoader> loader, List<Path> jars, ProviderRegistry registry) {
    this.loader = loader;
    this.jars = List.copyOf(jars);
    this.registry = registry;
  }

  /** Discovers every provider the runner's class loader and the plugin jars hold. */
  static Plugins load(PluginPath path) {
    ClassLoader runner = Plugins.class.getClassLoader();
    if (path.isEmpty()) {
      return new Plugins(Optional.empty(), List.of(), ProviderRegistry.discover(runner));
    }
    List<Path> jars = path.jars();
    URLClassLoader loader = path.classLoader(runner);
    try {
      return new Plugins(Optional.of(loader), jars, ProviderRegistry.discover(loader));
    } catch (RuntimeException | Error e) {
      closeQuietly(loader, e);
      throw e;
    }
  }

  ProviderRegistry registry() {
    return registry;
  }

  /** The plugin jars searched, in the order given. */
  List<Path> jars() {
    return jars;
  }

  @Override
  public void close() {
    if (loader.isPresent()) {
      try {
        loader.get().close();
      } catch (IOException e) {
        throw new UncheckedIOException("Could not close the plugin jars", e);
      }
    }
  }

  private static void closeQuietly(URLClassLoader loader, Throwable failure) {
    try {
      loader.close();
    } catch (IOException e) {
      failure.addSuppressed(e);
    }
  }
}
