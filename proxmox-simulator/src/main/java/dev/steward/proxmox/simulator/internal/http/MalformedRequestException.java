package dev.steward.proxmox.simulator.internal.http;

/** A request the server cannot read as HTTP/1.1; it answers 400 and closes the connection. */
final class MalformedRequestException extends Exception {
  private static final long serialVersionUID = 1L;

  MalformedRequestException(String message) {
    super(message);
  }
}
