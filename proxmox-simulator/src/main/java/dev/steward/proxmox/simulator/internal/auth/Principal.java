package dev.steward.proxmox.simulator.internal.auth;

import dev.steward.proxmox.simulator.Privilege;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Who a request comes from once authenticated: a user ({@code root@pam}) or one of its API tokens,
 * the privileges it holds on {@code /}, and whether it came with a ticket (then writes need the
 * CSRF token). Immutable.
 */
public record Principal(String userid, Optional<String> tokenName, Set<Privilege> privileges, boolean viaTicket) {
  public Principal {
    requireUserid(userid);
    Objects.requireNonNull(tokenName, "tokenName");
    privileges = Set.copyOf(privileges);
  }

  static void requireUserid(String userid) {
    if (userid == null || !userid.matches("[^\\s:/@!]+@[A-Za-z][A-Za-z0-9._-]*")) {
      throw new IllegalArgumentException("A user id is name@realm, not '" + userid + "'");
    }
  }

  /** {@code user@realm}, or {@code user@realm!token} for a token. */
  public String id() {
    return tokenName.map(name -> userid + "!" + name).orElse(userid);
  }

  public boolean has(Privilege privilege) {
    return privileges.contains(privilege);
  }

  /**
   * The {@code cap} object of a login answer: per group ({@code vms}, {@code nodes}, ...) the
   * privileges held, each as {@code 1}. {@code Sys.Audit} also shows under {@code dc}, as the
   * datacenter view asks for it there.
   */
  public Map<String, Map<String, Integer>> capabilities() {
    Map<String, Map<String, Integer>> cap = new TreeMap<>();
    for (String group : new String[] {"access", "dc", "mapping", "nodes", "sdn", "storage", "vms"}) {
      cap.put(group, new TreeMap<>());
    }
    for (Privilege privilege : privileges) {
      cap.get(privilege.capGroup()).put(privilege.apiName(), 1);
      if (privilege == Privilege.SYS_AUDIT || privilege == Privilege.SDN_AUDIT) {
        cap.get("dc").put(privilege.apiName(), 1);
      }
    }
    return cap;
  }
}
