package dev.steward.status;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A JSON-RPC method an embedding tool adds to its status socket. It runs on the thread of the
 * client that called it, so it may block that client but no other; implementations must be
 * thread-safe, for several clients may call at once.
 */
@FunctionalInterface
public interface StatusMethod {
  /**
   * @param params the request's {@code params}; an empty object when there were none
   * @return the result, any JSON value
   * @throws IllegalArgumentException when the params are wrong: the client gets an invalid-params error with its message
   * @throws StatusRequestException to answer with a code of its own
   */
  JsonNode call(JsonNode params);
}
