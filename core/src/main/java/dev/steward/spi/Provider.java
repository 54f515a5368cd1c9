package dev.steward.spi;

import dev.steward.Setting;
import java.util.List;

/**
 * A cheap, discoverable factory for one implementation of an extension point. Steward finds
 * providers with {@link java.util.ServiceLoader}; each has a unique lowercase {@link #id()} that
 * settings name it by.
 *
 * <p>Constructing a provider must do no I/O and start nothing: discovery instantiates every
 * provider on the class path, even those that will never be used. Work starts in {@link #create}.
 *
 * <p>Register an implementation in both {@code module-info.java} ({@code provides ... with ...})
 * and {@code META-INF/services/<the provider interface>}, so it is found on the module path and on
 * the class path alike.
 *
 * @param <T> what the provider builds
 */
public interface Provider<T> {
  /** A unique id: lowercase letters, digits and '-', starting with a letter, e.g. {@code ssh}. */
  String id();

  /** One line for people, shown by the example runner's {@code providers} command. */
  default String description() {
    return "";
  }

  /** The settings this provider reads; they are validated, all at once, before {@link #create}. */
  default List<Setting<?>> settings() {
    return List.of();
  }

  /** Builds the live object. May do I/O; throws a {@link dev.steward.StewardException} on failure. */
  T create(ProviderContext context);
}
