package dev.steward.proxmox.simulator.internal.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * A successful answer: {@code data}, and {@code total} when the handler sets it (task lists and
 * logs). A total of 0 is left out of the envelope, as Perl's formatter skips a false attribute.
 */
record Reply(JsonNode data, OptionalLong total) {
  Reply {
    Objects.requireNonNull(data, "data");
    Objects.requireNonNull(total, "total");
  }

  static Reply of(JsonNode data) {
    return new Reply(data, OptionalLong.empty());
  }

  static Reply withTotal(JsonNode data, long total) {
    return new Reply(data, OptionalLong.of(total));
  }
}
