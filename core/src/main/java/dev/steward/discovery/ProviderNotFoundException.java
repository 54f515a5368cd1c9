package dev.steward.discovery;

import java.util.Optional;

/** No provider has the id asked for, or none was found at all. */
public class ProviderNotFoundException extends ProviderSelectionException {
  private static final long serialVersionUID = 1L;

  ProviderNotFoundException(String extensionPoint, Optional<String> requestedId, String message) {
    super(extensionPoint, requestedId, message);
  }
}
