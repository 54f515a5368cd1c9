package dev.steward;

import java.util.Set;

/**
 * A record was asked to move to a state its lifecycle does not allow from where it is. Carries the
 * record, both states and the allowed targets; nothing was written.
 */
public class IllegalTransitionException extends StewardException {
  private static final long serialVersionUID = 1L;

  private final ResourceKey key;
  private final String lifecycle;
  private final String from;
  private final String to;
  private final Set<String> allowed;

  IllegalTransitionException(ResourceKey key, Lifecycle table, String from, String to) {
    super(message(key, table, from, to));
    this.key = key;
    this.lifecycle = table.name();
    this.from = from;
    this.to = to;
    this.allowed = table.allowedTargets(from);
  }

  private static String message(ResourceKey key, Lifecycle table, String from, String to) {
    String head = "Refused to move " + key + " from " + from + " to " + to + ": ";
    if (!table.contains(from)) {
      return head + from + " is not a state of lifecycle '" + table.name() + "' (states: "
          + String.join(", ", table.states()) + ")";
    }
    if (!table.contains(to)) {
      return head + to + " is not a state of lifecycle '" + table.name() + "' (states: "
          + String.join(", ", table.states()) + ")";
    }
    if (table.isTerminal(from)) {
      return head + from + " is a terminal state of lifecycle '" + table.name() + "'; nothing may follow it";
    }
    return head + "lifecycle '" + table.name() + "' allows " + from + " -> "
        + String.join(", ", table.allowedTargets(from)) + " only";
  }

  public ResourceKey key() {
    return key;
  }

  public String lifecycle() {
    return lifecycle;
  }

  public String from() {
    return from;
  }

  public String to() {
    return to;
  }

  /** The states the record could have moved to instead. */
  public Set<String> allowedTargets() {
    return allowed;
  }
}
