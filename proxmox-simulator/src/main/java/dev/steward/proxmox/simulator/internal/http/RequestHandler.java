package dev.steward.proxmox.simulator.internal.http;

/** Answers one request; called on the connection's own thread, so it must be thread-safe. */
@FunctionalInterface
public interface RequestHandler {
  HttpResponse handle(HttpRequest request);
}
