package dev.steward.discovery;

import dev.steward.Settings;
import dev.steward.StewardException;
import dev.steward.Transport;
import dev.steward.spi.Provider;
import dev.steward.spi.ProviderContext;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every provider found for every extension point, and the way to choose one.
 *
 * <p>Selection follows one rule everywhere: the id named in settings (or the setting's default),
 * else the only provider found, else an error. Each failure is a {@link
 * ProviderSelectionException} whose message names the id asked for, every provider found and the
 * jar each came from. A provider that cannot be loaded is reported (here, in {@link #failures()},
 * and in those messages) and discovery of the others goes on.
 *
 * <p>Immutable and thread-safe once discovered.
 */
public final class ProviderRegistry {
  private static final Logger LOG = LoggerFactory.getLogger(ProviderRegistry.class);
  private static final Pattern ID = Pattern.compile("[a-z][a-z0-9-]{0,62}");
  /** A broken class path can make ServiceLoader fail for every entry; stop after this many. */
  private static final int MAX_FAILURES_PER_POINT = 100;

  /** A provider registration before it is instantiated: what discovery works from. */
  record Candidate(String className, String source, Supplier<? extends Provider<?>> instantiate) {}

  private record Found(ProviderInfo info, Provider<?> provider) {}

  private final Map<ExtensionPoint<?, ?>, List<Found>> found;
  private final List<LoadFailure> failures;

  private ProviderRegistry(Map<ExtensionPoint<?, ?>, List<Found>> found, List<LoadFailure> failures) {
    this.found = found;
    this.failures = List.copyOf(failures);
  }

  /** Discovers with the thread's context class loader (or this class's loader when it has none). */
  public static ProviderRegistry discover() {
    ClassLoader loader = Thread.currentThread().getContextClassLoader();
    return discover(loader != null ? loader : ProviderRegistry.class.getClassLoader());
  }

  /** Discovers every provider {@code loader} can see, e.g. one over a folder of plugin jars. */
  public static ProviderRegistry discover(ClassLoader loader) {
    Map<ExtensionPoint<?, ?>, List<Candidate>> candidates = new LinkedHashMap<>();
    List<LoadFailure> failures = new ArrayList<>();
    for (ExtensionPoint<?, ?> point : ExtensionPoint.all()) {
      candidates.put(point, scan(point, loader, failures));
    }
    return of(candidates, failures);
  }

  /** A registry made from candidates directly; discovery and tests share everything after the scan. */
  static ProviderRegistry of(Map<ExtensionPoint<?, ?>, List<Candidate>> candidates, List<LoadFailure> scanFailures) {
    List<LoadFailure> failures = new ArrayList<>(scanFailures);
    Map<ExtensionPoint<?, ?>, List<Found>> found = new LinkedHashMap<>();
    for (ExtensionPoint<?, ?> point : ExtensionPoint.all()) {
      List<Found> loaded = new ArrayList<>();
      for (Candidate candidate : candidates.getOrDefault(point, List.of())) {
        instantiate(point, candidate, failures).ifPresent(loaded::add);
      }
      found.put(point, loaded);
    }
    for (LoadFailure failure : failures) {
      LOG.warn("Steward {} provider {}", failure.extensionPoint(), failure.describe());
      LOG.debug("Why the {} provider {} failed to load", failure.extensionPoint(), failure.className(), failure.cause());
    }
    Map<ExtensionPoint<?, ?>, List<Found>> sorted = new LinkedHashMap<>();
    found.forEach((point, list) -> {
      List<Found> copy = new ArrayList<>(list);
      copy.sort(Comparator.comparing((Found f) -> f.info().id()).thenComparing(f -> f.info().className()));
      sorted.put(point, List.copyOf(copy));
    });
    return new ProviderRegistry(Collections.unmodifiableMap(sorted), failures);
  }

  private static Optional<Found> instantiate(ExtensionPoint<?, ?> point, Candidate candidate, List<LoadFailure> failures) {
    try {
      Provider<?> provider = candidate.instantiate().get();
      String id = provider.id();
      if (id == null || !ID.matcher(id).matches()) {
        throw new IllegalArgumentException("its id " + (id == null ? "null" : "'" + id + "'")
            + " is not valid: use lowercase letters, digits and '-', starting with a letter");
      }
      String description = Optional.ofNullable(provider.description()).orElse("");
      return Optional.of(new Found(new ProviderInfo(point.name(), id, description, candidate.className(), candidate.source()), provider));
    } catch (ServiceConfigurationError e) {
      failures.add(new LoadFailure(point.name(), candidate.className(), candidate.source(), e.getCause() != null ? e.getCause() : e));
    } catch (RuntimeException | LinkageError e) {
      failures.add(new LoadFailure(point.name(), candidate.className(), candidate.source(), e));
    }
    return Optional.empty();
  }

  private static List<Candidate> scan(ExtensionPoint<?, ?> point, ClassLoader loader, List<LoadFailure> failures) {
    List<Candidate> candidates = new ArrayList<>();
    Map<String, String> registered = registrations(point, loader);
    Iterator<? extends ServiceLoader.Provider<? extends Provider<?>>> it = ServiceLoader.load(point.providerType(), loader).stream().iterator();
    int failed = 0;
    while (failed < MAX_FAILURES_PER_POINT) {
      ServiceLoader.Provider<? extends Provider<?>> handle;
      try {
        if (!it.hasNext()) {
          break;
        }
        handle = it.next();
      } catch (ServiceConfigurationError e) {
        // The registration names a class that is missing or of the wrong type; ServiceLoader goes
        // on with the next registration after this. Its message names the class, not the jar.
        String className = registeredClassNamedIn(String.valueOf(e.getMessage()), registered).orElse("unknown class");
        failures.add(new LoadFailure(point.name(), className, registered.getOrDefault(className, "unknown location"), e));
        failed++;
        continue;
      }
      Class<?> type = handle.type();
      candidates.add(new Candidate(type.getName(), sourceOf(type), handle::get));
    }
    return candidates;
  }

  /**
   * Every class named in the point's {@code META-INF/services} files, to the jar file name (or
   * classes directory) of the first file naming it: how a class that cannot be loaded is traced
   * back to its jar.
   */
  private static Map<String, String> registrations(ExtensionPoint<?, ?> point, ClassLoader loader) {
    Map<String, String> registered = new LinkedHashMap<>();
    String resource = "META-INF/services/" + point.providerType().getName();
    try {
      for (URL url : Collections.list(loader.getResources(resource))) {
        String source = registrationSource(url, resource);
        try (java.io.InputStream in = url.openStream()) {
          String text = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
          for (String line : text.split("\\R")) {
            String className = line.replaceFirst("#.*", "").strip();
            if (!className.isEmpty()) {
              registered.putIfAbsent(className, source);
            }
          }
        }
      }
    } catch (java.io.IOException | RuntimeException e) {
      // Only the names in failure reports get worse: ServiceLoader reports the unreadable file.
      LOG.debug("Could not read the {} registrations", point.name(), e);
    }
    return registered;
  }

  private static String registrationSource(URL url, String resource) {
    try {
      String text = url.toString();
      if ("jar".equals(url.getProtocol()) && text.contains("!/")) {
        URL jar = new URL(text.substring("jar:".length(), text.indexOf("!/")));
        return "file".equals(jar.getProtocol()) ? String.valueOf(Path.of(jar.toURI()).getFileName()) : jar.toString();
      }
      if ("file".equals(url.getProtocol()) && text.endsWith(resource)) {
        return Path.of(new URL(text.substring(0, text.length() - resource.length())).toURI()).toString();
      }
      return text;
    } catch (Exception e) {
      return "unknown location";
    }
  }

  /** The registered class a ServiceLoader error message is about, matched as a whole name. */
  private static Optional<String> registeredClassNamedIn(String message, Map<String, String> registered) {
    return registered.keySet().stream()
        .filter(name -> Pattern.compile("(?<![\\w.$])" + Pattern.quote(name) + "(?![\\w.$])").matcher(message).find())
        .max(Comparator.comparingInt(String::length));
  }

  /** The jar file name a class came from, or its directory, or "unknown location". */
  static String sourceOf(Class<?> type) {
    try {
      CodeSource code = type.getProtectionDomain().getCodeSource();
      URL location = code == null ? null : code.getLocation();
      if (location == null) {
        return "unknown location";
      }
      if (!"file".equals(location.getProtocol())) {
        return location.toString();
      }
      Path path = Path.of(location.toURI());
      return Files.isDirectory(path) ? path.toString() : String.valueOf(path.getFileName());
    } catch (Exception | LinkageError e) {
      return "unknown location";
    }
  }

  /** The providers found for {@code point}, ordered by id. */
  public List<ProviderInfo> providers(ExtensionPoint<?, ?> point) {
    return found.getOrDefault(point, List.of()).stream().map(Found::info).collect(Collectors.toUnmodifiableList());
  }

  /** Every provider found, by extension point and then by id. */
  public List<ProviderInfo> providers() {
    return found.values().stream().flatMap(List::stream).map(Found::info).collect(Collectors.toUnmodifiableList());
  }

  /** The names of every setting core and the providers found declare. */
  public java.util.SortedSet<String> knownSettingNames() {
    java.util.SortedSet<String> names = new java.util.TreeSet<>();
    dev.steward.CoreSettings.all().forEach(key -> names.add(key.name()));
    dev.steward.status.StatusSettings.all().forEach(key -> names.add(key.name()));
    for (List<Found> list : found.values()) {
      for (Found f : list) {
        try {
          f.provider().settings().forEach(key -> names.add(key.name()));
        } catch (RuntimeException e) {
          LOG.debug("Provider {} could not list its settings", f.info().className(), e);
        }
      }
    }
    return java.util.Collections.unmodifiableSortedSet(names);
  }

  /**
   * The names set in {@code settings} under {@code steward.} that nothing declares: most likely
   * typos, e.g. {@code steward.comand.timeout}. Each comes with the closest known name when one is
   * close, as {@code "steward.comand.timeout (did you mean steward.command.timeout?)"}.
   */
  public List<String> unknownSettings(Settings settings) {
    java.util.SortedSet<String> known = knownSettingNames();
    List<String> unknown = new ArrayList<>();
    for (String name : settings.names()) {
      if (name.startsWith("steward.") && !known.contains(name)) {
        unknown.add(dev.steward.spi.support.Suggestions.closest(name, known, 3).map(c -> name + " (did you mean " + c + "?)").orElse(name));
      }
    }
    return unknown;
  }

  /** Every provider that was registered but could not be loaded. */
  public List<LoadFailure> failures() {
    return failures;
  }

  /**
   * The provider named by {@code point}'s setting (or its default), else the only one found.
   *
   * @throws ProviderSelectionException when none, or no single one, can be chosen
   */
  public <P extends Provider<T>, T> P select(ExtensionPoint<P, T> point, Settings settings) {
    Optional<String> named = settings.find(point.selectionSetting());
    if (named.isPresent()) {
      return select(point, named.get());
    }
    List<Found> all = found.getOrDefault(point, List.of());
    if (all.isEmpty()) {
      throw new ProviderNotFoundException(point.name(), Optional.empty(),
          "No " + point.name() + " provider was found. Put a jar that provides one on the class path or in the plugin path."
              + failureNote(point));
    }
    if (all.size() > 1) {
      throw new AmbiguousProviderException(point.name(), Optional.empty(),
          "Several " + point.name() + " providers were found and none was named: " + listed(all)
              + ". Set " + point.selectionSetting().name() + " to one of these ids.");
    }
    return point.providerType().cast(all.get(0).provider());
  }

  /**
   * The provider with {@code id}.
   *
   * @throws ProviderNotFoundException when none has it
   * @throws DuplicateProviderException when several have it
   */
  public <P extends Provider<T>, T> P select(ExtensionPoint<P, T> point, String id) {
    List<Found> all = found.getOrDefault(point, List.of());
    List<Found> matching = all.stream().filter(f -> f.info().id().equals(id)).collect(Collectors.toList());
    if (matching.isEmpty()) {
      String setting = point.selectionSetting().name();
      throw new ProviderNotFoundException(point.name(), Optional.of(id), all.isEmpty()
          ? "No " + point.name() + " provider has the id '" + id + "', and none was found at all. Put the jar that provides '"
              + id + "' on the class path or in the plugin path." + failureNote(point)
          : "No " + point.name() + " provider has the id '" + id + "'. Found: " + listed(all) + ". Put the jar that provides '"
              + id + "' on the class path or in the plugin path, or set " + setting + " to one of the ids found." + failureNote(point));
    }
    if (matching.size() > 1) {
      String classes = matching.stream().map(f -> f.info().className() + " (" + f.info().source() + ")").collect(Collectors.joining(", "));
      throw new DuplicateProviderException(point.name(), Optional.of(id),
          matching.size() + " " + point.name() + " providers have the id '" + id + "': " + classes
              + ". Keep one of them on the class path or plugin path and remove the others.");
    }
    return point.providerType().cast(matching.get(0).provider());
  }

  /**
   * Selects a provider as {@link #select(ExtensionPoint, Settings)} does, validates its settings
   * and builds its object. A plugin that asks its context for a transport gets the one {@code
   * settings} select, made when first asked for; the caller owns it through the returned object.
   */
  public <P extends Provider<T>, T> T create(ExtensionPoint<P, T> point, Settings settings) {
    Supplier<Transport> transport = point == ExtensionPoint.TRANSPORT
        ? () -> {
          throw new StewardException("A transport provider cannot ask for another transport");
        }
        : () -> create(ExtensionPoint.TRANSPORT, settings);
    return create(point, ProviderContext.of(settings, transport));
  }

  /** Selects a provider by the context's settings, validates them and builds its object. */
  public <P extends Provider<T>, T> T create(ExtensionPoint<P, T> point, ProviderContext context) {
    P provider = select(point, context.settings());
    context.settings().validate(provider.settings());
    return provider.create(context);
  }

  private String failureNote(ExtensionPoint<?, ?> point) {
    List<LoadFailure> relevant = failures.stream()
        .filter(f -> f.extensionPoint().equals(point.name()))
        .collect(Collectors.toList());
    if (relevant.isEmpty()) {
      return "";
    }
    return " Also, " + relevant.stream().map(LoadFailure::describe).collect(Collectors.joining("; ")) + ".";
  }

  private static String listed(List<Found> all) {
    return all.stream().map(f -> "'" + f.info().id() + "' (" + f.info().source() + ")").collect(Collectors.joining(", "));
  }
}
