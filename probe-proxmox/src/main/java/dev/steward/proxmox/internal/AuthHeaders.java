package dev.steward.proxmox.internal;

import java.util.Map;

/**
 * The headers that authenticate one request, and the session they came from (a ticket's, so a 401
 * can drop exactly that one). Immutable; {@code toString} shows only the header names.
 */
record AuthHeaders(Map<String, String> headers, Object session) {
  AuthHeaders {
    headers = Map.copyOf(headers);
  }

  @Override
  public String toString() {
    return "AuthHeaders" + headers.keySet();
  }
}
