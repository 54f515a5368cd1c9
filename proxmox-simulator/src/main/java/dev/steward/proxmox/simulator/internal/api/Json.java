package dev.steward.proxmox.simulator.internal.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The one {@link ObjectMapper} of the simulator and shorthands for building answers. */
final class Json {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private Json() {}

  static ObjectNode object() {
    return NODES.objectNode();
  }

  static ArrayNode array() {
    return NODES.arrayNode();
  }

  /** A Perl boolean: the integer 0 or 1. */
  static int flag(boolean value) {
    return value ? 1 : 0;
  }

  /** Rounded to 4 decimals, as pvestatd's numbers look. */
  static double fraction(double value) {
    return Math.round(value * 10_000) / 10_000.0;
  }

  static String write(JsonNode node) {
    try {
      return MAPPER.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("A tree of JSON nodes always writes", e);
    }
  }
}
