package dev.steward;

/**
 * The root of every exception Steward throws. Subclasses carry the context of their failure (the
 * record, the transition, the host, the provider id) as accessors, so callers can react without
 * parsing messages. Messages say what happened, to what, and what to do next; they never contain
 * a secret.
 */
public class StewardException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public StewardException(String message) {
    super(message);
  }

  public StewardException(String message, Throwable cause) {
    super(message, cause);
  }
}
