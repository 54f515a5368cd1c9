package dev.steward.proxmox.simulator.internal.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The users and API tokens the simulator knows. Immutable. */
public final class Accounts {
  private final Map<String, Account> users = new LinkedHashMap<>();
  private final Map<String, ApiToken> tokens = new LinkedHashMap<>();

  public Accounts(List<Account> users, List<ApiToken> tokens) {
    users.forEach(user -> this.users.put(user.userid(), user));
    tokens.forEach(token -> this.tokens.put(token.tokenId(), token));
  }

  public Optional<Account> user(String userid) {
    return Optional.ofNullable(users.get(userid));
  }

  /** The user {@code userid} if {@code password} is theirs. */
  public Optional<Account> login(String userid, String password) {
    return user(userid).filter(user -> same(user.password(), password));
  }

  /** The token of a {@code user@realm!name=secret} value, if the secret is right. */
  public Optional<ApiToken> token(String value) {
    int equals = value.indexOf('=');
    if (equals < 0) {
      return Optional.empty();
    }
    return Optional.ofNullable(tokens.get(value.substring(0, equals)))
        .filter(token -> same(token.secret(), value.substring(equals + 1)));
  }

  public List<Account> users() {
    return List.copyOf(users.values());
  }

  public List<ApiToken> tokens() {
    return List.copyOf(tokens.values());
  }

  static boolean same(String expected, String given) {
    return MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), given.getBytes(StandardCharsets.UTF_8));
  }
}
