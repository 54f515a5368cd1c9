package dev.steward;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * An immutable set of settings, built in code or read from text ({@code steward.transport=ssh}).
 * Values are read through typed {@link Setting} keys; a value given as text is parsed when read.
 * {@link Builder#build()} checks every core setting and every key set in code, and reports every
 * problem at once. Thread-safe.
 */
public final class Settings {
  private static final Settings EMPTY = new Settings(Map.of(), Set.of());

  /** Name to value: either already typed (set in code) or a String to parse. */
  private final Map<String, Object> values;
  /** Names of secret keys set in code: toString() cannot know them from CoreSettings. */
  private final Set<String> secretNames;

  private Settings(Map<String, Object> values, Set<String> secretNames) {
    this.values = Collections.unmodifiableMap(new TreeMap<>(values));
    this.secretNames = Set.copyOf(secretNames);
  }

  public static Settings empty() {
    return EMPTY;
  }

  public static Builder builder() {
    return new Builder(Map.of(), Set.of());
  }

  /** Settings from text, e.g. a properties file; checked like {@link Builder#build()}. */
  public static Settings fromText(Map<String, String> text) {
    return builder().setAll(text).build();
  }

  public Builder toBuilder() {
    return new Builder(values, secretNames);
  }

  /**
   * The value of {@code key}: the one set, else its default.
   *
   * @throws InvalidSettingsException when it is not set and has no default, or its value is bad
   */
  public <T> T get(Setting<T> key) {
    return find(key).orElseThrow(() -> new InvalidSettingsException(List.of(missing(key))));
  }

  /** The value set for {@code key}, else its default, else empty. */
  public <T> Optional<T> find(Setting<T> key) {
    Object raw = values.get(key.name());
    if (raw == null) {
      return key.defaultValue();
    }
    Problem<T> read = read(key, raw);
    if (read.problem != null) {
      throw new InvalidSettingsException(List.of(read.problem));
    }
    return Optional.of(read.value);
  }

  /** True when a value was set for {@code key} (a default does not count). */
  public boolean isSet(Setting<?> key) {
    return values.containsKey(key.name());
  }

  /** The names of every setting that was set. */
  public Set<String> names() {
    return values.keySet();
  }

  /** Every problem with the values set for {@code keys}: unreadable text, broken rules. */
  public List<SettingProblem> problems(Collection<? extends Setting<?>> keys) {
    List<SettingProblem> problems = new ArrayList<>();
    for (Setting<?> key : keys) {
      problem(key).ifPresent(problems::add);
    }
    return problems;
  }

  /** Throws one {@link InvalidSettingsException} listing every problem with {@code keys}. */
  public void validate(Collection<? extends Setting<?>> keys) {
    List<SettingProblem> problems = problems(keys);
    if (!problems.isEmpty()) {
      throw new InvalidSettingsException(problems);
    }
  }

  private <T> Optional<SettingProblem> problem(Setting<T> key) {
    Object raw = values.get(key.name());
    if (raw == null) {
      // A key without a value is a problem only when someone needs it: get() says so then.
      return Optional.empty();
    }
    return Optional.ofNullable(read(key, raw).problem);
  }

  private static SettingProblem missing(Setting<?> key) {
    return new SettingProblem(key.name(), "not set and has no default (" + key.description() + ")");
  }

  private record Problem<T>(T value, SettingProblem problem) {}

  private static <T> Problem<T> read(Setting<T> key, Object raw) {
    T value;
    if (key.type().isInstance(raw)) {
      value = key.type().cast(raw);
    } else if (raw instanceof String) {
      try {
        value = key.parse((String) raw);
      } catch (IllegalArgumentException e) {
        return new Problem<>(null, new SettingProblem(key.name(), key.show(raw) + " is " + e.getMessage()));
      }
    } else {
      return new Problem<>(null, new SettingProblem(key.name(), "holds a " + raw.getClass().getName()
          + " where a " + key.type().getName() + " is expected"));
    }
    Optional<String> broken = key.check(value);
    if (broken.isPresent()) {
      return new Problem<>(null, new SettingProblem(key.name(), key.show(raw) + " " + broken.get()));
    }
    return new Problem<>(value, null);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Settings && values.equals(((Settings) o).values);
  }

  @Override
  public int hashCode() {
    return values.hashCode();
  }

  /**
   * Every setting that was set. Secrets of core keys and of secret keys set in code are masked;
   * other keys are masked when their names look like secrets, else shown quoted.
   */
  @Override
  public String toString() {
    Map<String, Setting<?>> known = CoreSettings.all().stream()
        .collect(Collectors.toMap(Setting::name, k -> k));
    return values.entrySet().stream()
        .map(e -> {
          Setting<?> key = known.get(e.getKey());
          String shown = secretNames.contains(e.getKey()) ? "****"
              : key != null ? key.show(e.getValue()) : guardedShow(e.getKey(), e.getValue());
          return e.getKey() + "=" + shown;
        })
        .collect(Collectors.joining(", ", "Settings{", "}"));
  }

  /** A key we do not know may still hold a password: names that look like one are masked. */
  private static String guardedShow(String name, Object value) {
    String lower = name.toLowerCase(java.util.Locale.ROOT);
    if (lower.contains("password") || lower.contains("secret") || lower.contains("token")
        || lower.contains("passphrase") || lower.contains("credential") || lower.contains("private")
        || lower.endsWith("key")) {
      return "****";
    }
    return value instanceof String ? "'" + Names.printable((String) value) + "'" : String.valueOf(value);
  }

  /** Collects settings; {@link #build()} copies them. Not thread-safe. */
  public static final class Builder {
    private final Map<String, Object> values;
    private final Set<Setting<?>> typedKeys = new LinkedHashSet<>();
    private final Set<String> secretNames;

    private Builder(Map<String, Object> values, Set<String> secretNames) {
      this.values = new LinkedHashMap<>(values);
      this.secretNames = new LinkedHashSet<>(secretNames);
    }

    public <T> Builder set(Setting<T> key, T value) {
      values.put(key.name(), java.util.Objects.requireNonNull(value, () -> "value of " + key.name()));
      typedKeys.add(key);
      if (key.isSecret()) {
        secretNames.add(key.name());
      }
      return this;
    }

    /** Sets a value as text, parsed when it is read or validated. */
    public Builder set(String name, String text) {
      values.put(java.util.Objects.requireNonNull(name, "name"), java.util.Objects.requireNonNull(text, () -> "value of " + name));
      return this;
    }

    public Builder setAll(Map<String, String> text) {
      text.forEach(this::set);
      return this;
    }

    public Builder remove(String name) {
      values.remove(name);
      return this;
    }

    /** The clock every component reads time from; tests pass a fixed or stepping one. */
    public Builder clock(Clock clock) {
      return set(CoreSettings.CLOCK, clock);
    }

    /** Adds lifecycle tables stores accept records for, to the standard ones and any added before. */
    public Builder lifecycles(Lifecycle... tables) {
      Object current = values.get(CoreSettings.LIFECYCLES.name());
      Lifecycles base = current instanceof Lifecycles ? (Lifecycles) current : Lifecycles.standard();
      return set(CoreSettings.LIFECYCLES, base.with(tables));
    }

    /**
     * The settings, after checking every core setting and every key set in code.
     *
     * @throws InvalidSettingsException listing every problem found
     */
    public Settings build() {
      Settings settings = new Settings(values, secretNames);
      Set<Setting<?>> keys = new LinkedHashSet<>(CoreSettings.all());
      keys.addAll(typedKeys);
      settings.validate(keys);
      return settings;
    }
  }
}
