package dev.steward.discovery;

import java.util.Objects;

/**
 * A provider that was registered but could not be loaded: its class is missing, its constructor
 * threw, or its id is not valid. Discovery of the others goes on.
 *
 * @param extensionPoint the extension point's name
 * @param className the class named in the registration, or {@code "unknown class"}
 * @param source the jar it came from, or {@code "unknown location"}
 * @param cause what went wrong
 */
public record LoadFailure(String extensionPoint, String className, String source, Throwable cause) {
  public LoadFailure {
    Objects.requireNonNull(extensionPoint, "extensionPoint");
    Objects.requireNonNull(className, "className");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(cause, "cause");
  }

  /** e.g. {@code com.acme.BrokenProvider (acme.jar) failed to load: IllegalStateException: boom}. */
  public String describe() {
    return className + " (" + source + ") failed to load: " + summary(cause);
  }

  /** A wrapper without a message (ExceptionInInitializerError) is shown with the cause it wraps. */
  private static String summary(Throwable error) {
    String type = error.getClass().getSimpleName();
    if (error.getMessage() == null && error.getCause() != null && error.getCause() != error) {
      return type + " caused by " + summary(error.getCause());
    }
    return error.getMessage() == null ? type + " (no message)" : type + ": " + error.getMessage();
  }

  @Override
  public String toString() {
    return describe();
  }
}
