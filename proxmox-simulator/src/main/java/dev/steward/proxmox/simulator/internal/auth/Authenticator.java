package dev.steward.proxmox.simulator.internal.auth;

import dev.steward.proxmox.simulator.internal.http.HttpRequest;
import dev.steward.proxmox.simulator.internal.http.Percent;
import java.util.Optional;

/**
 * The auth step of pve-http-server for one request: find the credentials (an API token in
 * {@code Authorization: PVEAPIToken=...}, else a ticket in the {@code PVEAuthCookie} cookie or in
 * {@code Authorization: PVEAuthCookie=...}), check them, and for a write that came with a ticket
 * check the {@code CSRFPreventionToken} header. Thread-safe.
 */
public final class Authenticator {
  private static final String TOKEN_PREFIX = "PVEAPIToken";
  private static final String COOKIE = "PVEAuthCookie";

  private final Accounts accounts;
  private final Tickets tickets;

  public Authenticator(Accounts accounts, Tickets tickets) {
    this.accounts = accounts;
    this.tickets = tickets;
  }

  /** Who sent {@code request}, or why it is refused. */
  public Result authenticate(HttpRequest request) {
    Optional<String> authorization = request.header("Authorization");
    Optional<String> token = authorization.flatMap(Authenticator::tokenValue);
    if (token.isPresent()) {
      return accounts.token(token.get())
          .map(t -> Result.of(new Principal(t.userid(), Optional.of(t.name()), t.privileges(), false)))
          .orElse(Result.refused(AuthFailure.AUTHENTICATION_FAILED));
    }
    Optional<String> ticket = cookieTicket(request).or(() -> authorization.flatMap(Authenticator::headerTicket));
    if (ticket.isEmpty()) {
      return Result.refused(AuthFailure.NO_TICKET);
    }
    Optional<Account> user = tickets.verify(ticket.get()).flatMap(accounts::user);
    if (user.isEmpty()) {
      return Result.refused(AuthFailure.AUTHENTICATION_FAILED);
    }
    if (!request.method().equals("GET")) {
      Optional<String> csrf = request.header("CSRFPreventionToken");
      if (csrf.isEmpty() || !tickets.verifyCsrf(user.get().userid(), csrf.get())) {
        return Result.refused(AuthFailure.INVALID_CSRF);
      }
    }
    return Result.of(new Principal(user.get().userid(), Optional.empty(), user.get().privileges(), true));
  }

  // pve-http-server's extract_auth_value: after "PVEAPIToken=" or "PVEAPIToken ", up to ';', %-decoded.
  private static Optional<String> tokenValue(String header) {
    if (!header.startsWith(TOKEN_PREFIX) || header.length() <= TOKEN_PREFIX.length()) {
      return Optional.empty();
    }
    char separator = header.charAt(TOKEN_PREFIX.length());
    if (separator != '=' && separator != ' ') {
      return Optional.empty();
    }
    return Optional.of(Percent.decode(upToSemicolon(header.substring(TOKEN_PREFIX.length() + 1).strip())));
  }

  private static Optional<String> headerTicket(String header) {
    String prefix = COOKIE + "=";
    return header.startsWith(prefix) ? Optional.of(Percent.decode(upToSemicolon(header.substring(prefix.length())))) : Optional.empty();
  }

  private static Optional<String> cookieTicket(HttpRequest request) {
    for (String cookies : request.headerValues("Cookie")) {
      for (String cookie : cookies.split(";")) {
        String trimmed = cookie.strip();
        if (trimmed.startsWith(COOKIE + "=")) {
          return Optional.of(Percent.decode(trimmed.substring(COOKIE.length() + 1)));
        }
      }
    }
    return Optional.empty();
  }

  private static String upToSemicolon(String value) {
    int semicolon = value.indexOf(';');
    return semicolon < 0 ? value : value.substring(0, semicolon);
  }

  /** A principal, or the reason the request was refused. */
  public record Result(Optional<Principal> principal, Optional<AuthFailure> failure) {
    static Result of(Principal principal) {
      return new Result(Optional.of(principal), Optional.empty());
    }

    static Result refused(AuthFailure failure) {
      return new Result(Optional.empty(), Optional.of(failure));
    }
  }
}
