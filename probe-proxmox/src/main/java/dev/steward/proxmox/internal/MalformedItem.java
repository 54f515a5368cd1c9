package dev.steward.proxmox.internal;

/** An item of an answer lacks what every release sends; the client reports it with the request. */
final class MalformedItem extends RuntimeException {
  private static final long serialVersionUID = 1L;

  MalformedItem(String message) {
    super(message);
  }
}
