package dev.steward.proxmox.simulator.internal.api;

import java.util.Map;
import java.util.TreeMap;

/**
 * A handler's failure, answered as pve-http-server's standard formatter answers a
 * {@code PVE::Exception}: the status, the message as reason phrase, and the body
 * {@code {"data":null}} with {@code errors} for parameter errors and {@code message} on newer servers.
 */
final class ApiException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int status;
  private final Map<String, String> errors;

  ApiException(int status, String message) {
    this(status, message, Map.of());
  }

  private ApiException(int status, String message, Map<String, String> errors) {
    super(message, null, false, false);
    this.status = status;
    this.errors = Map.copyOf(errors);
  }

  /** 400 {@code Parameter verification failed.} with one text per parameter. */
  static ApiException parameters(Map<String, String> errors) {
    return new ApiException(400, "Parameter verification failed.", new TreeMap<>(errors));
  }

  static ApiException parameter(String name, String error) {
    return parameters(Map.of(name, error));
  }

  /** 403 as {@code PVE::RPCEnvironment::check} words it. */
  static ApiException permission(String path, String privilege) {
    return new ApiException(403, "Permission check failed (" + path + ", " + privilege + ")");
  }

  int status() {
    return status;
  }

  Map<String, String> errors() {
    return errors;
  }
}
