package dev.steward.discovery;

import java.util.Optional;

/** Several providers were found and settings name none of them. */
public class AmbiguousProviderException extends ProviderSelectionException {
  private static final long serialVersionUID = 1L;

  AmbiguousProviderException(String extensionPoint, Optional<String> requestedId, String message) {
    super(extensionPoint, requestedId, message);
  }
}
