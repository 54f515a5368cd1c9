package dev.steward.probe.ssh;

import java.util.Locale;
import java.util.Optional;

/** What the {@code ssh} transport does with a host whose key known_hosts does not list yet. */
public enum HostKeyPolicy {
  /** Refuse it; the error shows the key's fingerprint and how to accept it. The default. */
  STRICT("strict"),
  /** Trust it on first use and append it to known_hosts. A changed key is still refused. */
  ACCEPT_NEW("accept-new");

  private final String text;

  HostKeyPolicy(String text) {
    this.text = text;
  }

  /** The policy as settings write it: {@code strict} or {@code accept-new}. */
  public String text() {
    return text;
  }

  /** The policy {@code text} names, ignoring case; empty when it names none. */
  public static Optional<HostKeyPolicy> parse(String text) {
    String t = text.strip().toLowerCase(Locale.ROOT);
    for (HostKeyPolicy policy : values()) {
      if (policy.text.equals(t)) {
        return Optional.of(policy);
      }
    }
    return Optional.empty();
  }
}
