package dev.steward.discovery;

import java.util.Objects;

/**
 * A provider that was found.
 *
 * @param extensionPoint the extension point's name, e.g. {@code transport}
 * @param id the provider's id
 * @param description its one-line description, possibly empty
 * @param className the implementing class
 * @param source the jar file it came from, or the directory for classes not in a jar
 */
public record ProviderInfo(String extensionPoint, String id, String description, String className, String source) {
  public ProviderInfo {
    Objects.requireNonNull(extensionPoint, "extensionPoint");
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(description, "description");
    Objects.requireNonNull(className, "className");
    Objects.requireNonNull(source, "source");
  }
}
