package dev.steward.discovery;

import java.util.Optional;

/** Two or more providers of one extension point have the id asked for. */
public class DuplicateProviderException extends ProviderSelectionException {
  private static final long serialVersionUID = 1L;

  DuplicateProviderException(String extensionPoint, Optional<String> requestedId, String message) {
    super(extensionPoint, requestedId, message);
  }
}
