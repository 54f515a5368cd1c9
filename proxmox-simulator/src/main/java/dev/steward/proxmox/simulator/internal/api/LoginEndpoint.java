package dev.steward.proxmox.simulator.internal.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.steward.proxmox.simulator.Privilege;
import dev.steward.proxmox.simulator.Profile;
import dev.steward.proxmox.simulator.internal.auth.Account;
import dev.steward.proxmox.simulator.internal.auth.Accounts;
import dev.steward.proxmox.simulator.internal.auth.Principal;
import dev.steward.proxmox.simulator.internal.auth.Tickets;
import dev.steward.proxmox.simulator.internal.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code POST /access/ticket} of pve-access-control: a password login, the renewal of a ticket
 * posted as the password, and the two steps of a login with a second factor (first answer
 * {@code NeedTFA: 1} with a half-way ticket, then {@code tfa-challenge} plus
 * {@code password=<kind>:<value>}). A refused login is a handler error: 401 {@code authentication
 * failure} with the JSON body, padded to the auth delay after the request arrived. Thread-safe.
 */
final class LoginEndpoint {
  static final String FAILURE = "authentication failure";
  private static final ParamSchema SCHEMA = ParamSchema.of()
      .string("username").required("username").string("password").required("password").string("realm")
      .string("otp").string("tfa-challenge").string("path").string("privs").bool("new-format");

  private final Accounts accounts;
  private final Tickets tickets;
  private final Profile profile;
  private final Optional<String> clusterName;
  private final Duration delay;

  LoginEndpoint(Accounts accounts, Tickets tickets, Profile profile, Optional<String> clusterName, Duration delay) {
    this.accounts = accounts;
    this.tickets = tickets;
    this.profile = profile;
    this.clusterName = clusterName;
    this.delay = delay;
  }

  HttpResponse login(Map<String, List<String>> fields) {
    Params params;
    try {
      params = SCHEMA.validate(fields);
    } catch (ApiException e) {
      return Envelope.error(profile, e);
    }
    String username = params.string("username").orElseThrow();
    String userid = username.contains("@") ? username : username + "@" + params.string("realm").orElse("");
    String password = params.string("password").orElseThrow();
    Optional<String> challenge = params.string("tfa-challenge");
    if (challenge.isPresent()) {
      if (params.has("otp")) {
        return Envelope.error(profile, ApiException.parameter("otp", "'otp' cannot be combined with 'tfa-challenge'"));
      }
      return accounts.user(userid)
          .filter(user -> tickets.verifySecondFactorChallenge(challenge.get(), userid))
          .filter(user -> user.secondFactor().map(password::equals).orElse(false))
          .map(this::granted).orElseGet(this::refused);
    }
    // Renewal: the current ticket as the password, without asking for a second factor again.
    Optional<Account> renewed = tickets.verify(password).filter(userid::equals).flatMap(accounts::user);
    if (renewed.isPresent()) {
      return granted(renewed.get());
    }
    Optional<Account> user = accounts.login(userid, password);
    if (user.isEmpty()) {
      return refused();
    }
    if (user.get().secondFactor().isPresent()) {
      ObjectNode data = Json.object();
      data.put("username", userid);
      data.put("ticket", tickets.issueSecondFactorChallenge(userid));
      data.put("CSRFPreventionToken", tickets.csrfToken(userid));
      data.put("NeedTFA", 1);
      return Envelope.success(Reply.of(data));
    }
    return granted(user.get());
  }

  private HttpResponse granted(Account user) {
    Principal principal = new Principal(user.userid(), Optional.empty(), user.privileges(), true);
    ObjectNode data = Json.object();
    data.put("username", user.userid());
    data.put("ticket", tickets.issue(user.userid()));
    data.put("CSRFPreventionToken", tickets.csrfToken(user.userid()));
    ObjectNode cap = data.putObject("cap");
    principal.capabilities().forEach((group, privileges) -> {
      ObjectNode entries = cap.putObject(group);
      privileges.forEach(entries::put);
    });
    if (principal.has(Privilege.SYS_AUDIT)) {
      clusterName.ifPresent(name -> data.put("clustername", name));
    }
    return Envelope.success(Reply.of(data));
  }

  private HttpResponse refused() {
    return Envelope.error(profile, 401, FAILURE, Map.of()).delayedBy(delay);
  }
}
