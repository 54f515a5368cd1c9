package dev.steward.discovery;

import dev.steward.StewardException;
import java.util.Optional;

/** No single provider could be chosen for an extension point. Subclasses say why. */
public class ProviderSelectionException extends StewardException {
  private static final long serialVersionUID = 1L;

  private final String extensionPoint;
  private final String requestedId;

  ProviderSelectionException(String extensionPoint, Optional<String> requestedId, String message) {
    super(message);
    this.extensionPoint = extensionPoint;
    this.requestedId = requestedId.orElse("");
  }

  /** The extension point's name, e.g. {@code transport}. */
  public String extensionPoint() {
    return extensionPoint;
  }

  /** The id that was asked for; empty when none was named. */
  public Optional<String> requestedId() {
    return requestedId.isEmpty() ? Optional.empty() : Optional.of(requestedId);
  }
}
