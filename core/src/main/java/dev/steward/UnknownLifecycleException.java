package dev.steward;

import java.util.List;

/** A record names a lifecycle table the store was not given. */
public class UnknownLifecycleException extends StewardException {
  private static final long serialVersionUID = 1L;
  private final String lifecycle;

  public UnknownLifecycleException(String lifecycle, List<String> known) {
    super("No lifecycle named '" + lifecycle + "'; known: " + String.join(", ", known)
        + ". Register it with Settings.builder().lifecycles(...)");
    this.lifecycle = lifecycle;
  }

  public String lifecycle() {
    return lifecycle;
  }
}
