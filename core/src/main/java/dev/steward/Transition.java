package dev.steward;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One entry of a record's history: a move from one state to another.
 *
 * @param from the state before; empty for the creation of the record
 * @param to the state after
 * @param reason why, as given to the store
 * @param at when
 */
public record Transition(Optional<String> from, String to, String reason, Instant at) {
  public Transition {
    Objects.requireNonNull(from, "from");
    Names.notBlank(to, "State");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(at, "at");
  }
}
