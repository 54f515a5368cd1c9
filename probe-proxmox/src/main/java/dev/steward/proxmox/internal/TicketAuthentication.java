package dev.steward.proxmox.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.steward.proxmox.ProxmoxAuthenticationException;
import dev.steward.proxmox.ProxmoxException;
import dev.steward.proxmox.ProxmoxResponseException;
import dev.steward.proxmox.SecondFactorRequiredException;
import dev.steward.proxmox.UserPassword;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A ticket session: {@code POST /access/ticket} with the password, then the ticket as the
 * {@code PVEAuthCookie} cookie (and the CSRF token on writes). A ticket lives 2 hours; after
 * {@code renewAfter} (an hour by default, as proxmoxer does) it is renewed by posting it as the
 * password, which needs no second factor. One that has expired, or that a renewal or a call is
 * refused with, is replaced by a login with the password. The age is measured on the client's
 * clock from when the ticket arrived, so clock skew against the server does not matter.
 * Thread-safe: one session, renewed under this object's lock while other requests wait for it.
 */
final class TicketAuthentication implements Authentication {
  private static final Logger LOG = LoggerFactory.getLogger(TicketAuthentication.class);
  private static final Duration LIFETIME = Duration.ofHours(2);
  /** Log in afresh this long before the end, so no request travels with a ticket about to expire. */
  private static final Duration MARGIN = Duration.ofMinutes(1);
  static final String LOGIN_REQUEST = "POST /access/ticket";

  /** Posts the login form to {@code /access/ticket}, unauthenticated. */
  interface LoginPoster {
    ApiAnswer post(Map<String, String> form);
  }

  private record Session(String ticket, String csrfToken, Instant obtainedAt) {
    @Override
    public String toString() {
      return "Session[obtained " + obtainedAt + "]";
    }
  }

  private final UserPassword login;
  private final String server;
  private final Clock clock;
  private final Duration renewAfter;
  private final LoginPoster poster;
  private final AtomicLong logins = new AtomicLong();
  private final AtomicLong renewals = new AtomicLong();
  private Session session;

  TicketAuthentication(UserPassword login, String server, Clock clock, Duration renewAfter, LoginPoster poster) {
    this.login = login;
    this.server = server;
    this.clock = clock;
    this.renewAfter = renewAfter;
    this.poster = poster;
  }

  @Override
  public synchronized AuthHeaders headers(boolean write) {
    Session current = current();
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Cookie", "PVEAuthCookie=" + URLEncoder.encode(current.ticket(), StandardCharsets.UTF_8));
    if (write) {
      headers.put("CSRFPreventionToken", current.csrfToken());
    }
    return new AuthHeaders(headers, current);
  }

  @Override
  public synchronized boolean renewAfterRefusal(AuthHeaders refused) {
    if (refused.session() == session) {
      LOG.info("Proxmox at {} refused the ticket of {} before its 2 hours were over; logging in again", server, login.userId());
      session = null;
    }
    return true;
  }

  @Override
  public ProxmoxAuthenticationException refused(String request, int status) {
    if (request.startsWith(LOGIN_REQUEST)) {
      return new ProxmoxAuthenticationException(request, status, login.userId(), "Proxmox at " + server + " refused the login of "
          + login.userId() + " (" + status + "): the password is wrong, or the user is unknown, disabled or expired in its realm "
          + "(pam users need a Linux account on the node). Not retried.");
    }
    return new ProxmoxAuthenticationException(request, status, login.userId(), "Proxmox at " + server + " refused the ticket of "
        + login.userId() + " for " + request + " (" + status + ") even after a fresh login. Not retried.");
  }

  long logins() {
    return logins.get();
  }

  long renewals() {
    return renewals.get();
  }

  private Session current() {
    Instant now = clock.instant();
    if (session == null || !now.isBefore(session.obtainedAt().plus(LIFETIME).minus(MARGIN))) {
      if (session != null) {
        LOG.info("The ticket of {} for {} has expired; logging in again with the password", login.userId(), server);
      }
      session = logIn(login.password().reveal());
      logins.incrementAndGet();
    } else if (!now.isBefore(session.obtainedAt().plus(renewAfter))) {
      renew();
    }
    return session;
  }

  private void renew() {
    try {
      session = logIn(session.ticket());
      renewals.incrementAndGet();
      LOG.debug("Renewed the ticket of {} for {}", login.userId(), server);
    } catch (SecondFactorRequiredException e) {
      throw e;
    } catch (ProxmoxAuthenticationException e) {
      LOG.info("Proxmox at {} refused to renew the ticket of {}; logging in again with the password", server, login.userId());
      session = logIn(login.password().reveal());
      logins.incrementAndGet();
    } catch (ProxmoxException e) {
      if (!e.isTransient()) {
        throw e;
      }
      // The ticket is good for a while yet: keep it and renew on a later request.
      LOG.warn("Could not renew the ticket of {} for {} ({}); it stays valid until {}", login.userId(), server, e.getMessage(),
          session.obtainedAt().plus(LIFETIME));
    }
  }

  private Session logIn(String password) {
    Map<String, String> form = new LinkedHashMap<>();
    form.put("username", login.userId());
    form.put("password", password);
    JsonNode data = poster.post(form).data();
    if (data == null || !data.isObject()) {
      throw new ProxmoxResponseException(LOGIN_REQUEST, "Proxmox at " + server + " answered the login of " + login.userId()
          + " without a ticket", null);
    }
    String ticket = Lenient.textOrEmpty(data, "ticket");
    if (Lenient.flagOr(data, "NeedTFA", false) || ticket.contains("!tfa!")) {
      throw new SecondFactorRequiredException(LOGIN_REQUEST, login.userId(), "Proxmox at " + server + " asks " + login.userId()
          + " for a second factor (TOTP, WebAuthn, a recovery key...): second factor required: not supported, use an API "
          + "token instead (pveum user token add " + login.userId() + " steward --privsep 0), which never asks for one");
    }
    String csrf = Lenient.textOrEmpty(data, "CSRFPreventionToken");
    if (ticket.isEmpty() || csrf.isEmpty()) {
      throw new ProxmoxResponseException(LOGIN_REQUEST, "Proxmox at " + server + " answered the login of " + login.userId()
          + " without " + (ticket.isEmpty() ? "a ticket" : "a CSRFPreventionToken"), null);
    }
    return new Session(ticket, csrf, clock.instant());
  }
}
