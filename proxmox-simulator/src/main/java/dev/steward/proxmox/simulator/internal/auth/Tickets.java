package dev.steward.proxmox.simulator.internal.auth;

import dev.steward.proxmox.simulator.internal.model.SimulatorClock;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Issues and checks tickets and CSRF prevention tokens in Proxmox's formats:
 * <ul>
 *   <li>ticket {@code PVE:<userid>:<8 hex epoch>::<base64 signature>}; a half-way ticket of a
 *       login that still needs its second factor has {@code !tfa!<challenge>} where the user id
 *       goes;
 *   <li>CSRF token {@code <8 hex epoch>:<43 base64 characters>}, bound to the user, not the ticket.
 * </ul>
 * Both are good from 5 minutes before their time (clock skew) until 2 hours after it, measured on
 * the simulator's clock, as pve-common's {@code PVE::Ticket} checks them.
 *
 * <p>Real tickets carry an RSA signature (344 base64 characters); these carry 256 bytes from
 * HMAC-SHA256 in counter mode, the same length, under a secret made at start. {@link #revokeAll()}
 * replaces the secret, so every ticket and CSRF token issued so far stops working. Thread-safe.
 */
public final class Tickets {
  /** pve-access-control's {@code $ticket_lifetime}. */
  public static final long LIFETIME_SECONDS = 2 * 3600;
  /** How far in the future a ticket's time may lie (PVE::Ticket's {@code $min_age}). */
  public static final long CLOCK_SKEW_SECONDS = 300;
  private static final Pattern TICKET = Pattern.compile("^PVE:(\\S+):([0-9A-F]{8})::([A-Za-z0-9+/]+={0,2})$");
  private static final Pattern CSRF = Pattern.compile("^([0-9A-F]{8}):([A-Za-z0-9+/]{43})$");
  private static final String TFA_PREFIX = "!tfa!";
  private static final int SIGNATURE_BYTES = 256;

  private final SimulatorClock clock;
  private final SecureRandom random;
  private volatile byte[] secret;

  public Tickets(SimulatorClock clock, SecureRandom random) {
    this.clock = clock;
    this.random = random;
    this.secret = newSecret(random);
  }

  public String issue(String userid) {
    String data = "PVE:" + userid + ":" + hexTime();
    return data + "::" + Base64.getEncoder().encodeToString(sign(data, secret));
  }

  /** The half-way ticket of a login that waits for its second factor; it names the factor kinds asked for. */
  public String issueSecondFactorChallenge(String userid) {
    String challenge = URLEncoder.encode("{\"totp\":true,\"recovery\":\"available\"}", StandardCharsets.UTF_8);
    String data = "PVE:" + TFA_PREFIX + challenge + ":" + hexTime();
    return data + "::" + Base64.getEncoder().encodeToString(sign(data + ":" + userid, secret));
  }

  /** The user of a full ticket that is good now; empty for a half-way, forged, foreign or expired one. */
  public Optional<String> verify(String ticket) {
    Matcher m = TICKET.matcher(ticket);
    if (!m.matches() || m.group(1).startsWith(TFA_PREFIX) || !fresh(m.group(2))) {
      return Optional.empty();
    }
    String data = ticket.substring(0, ticket.indexOf("::"));
    return signatureMatches(data, m.group(3)) ? Optional.of(m.group(1)) : Optional.empty();
  }

  /** Whether {@code ticket} is a good half-way ticket issued to {@code userid}. */
  public boolean verifySecondFactorChallenge(String ticket, String userid) {
    Matcher m = TICKET.matcher(ticket);
    if (!m.matches() || !m.group(1).startsWith(TFA_PREFIX) || !fresh(m.group(2))) {
      return false;
    }
    return signatureMatches(ticket.substring(0, ticket.indexOf("::")) + ":" + userid, m.group(3));
  }

  public String csrfToken(String userid) {
    String time = hexTime();
    return time + ":" + csrfDigest(time, userid, secret);
  }

  public boolean verifyCsrf(String userid, String token) {
    Matcher m = CSRF.matcher(token);
    return m.matches() && fresh(m.group(1))
        && MessageDigest.isEqual(csrfDigest(m.group(1), userid, secret).getBytes(StandardCharsets.US_ASCII),
            m.group(2).getBytes(StandardCharsets.US_ASCII));
  }

  /** Every ticket and CSRF token issued so far stops working, as if each had passed its lifetime. */
  public void revokeAll() {
    secret = newSecret(random);
  }

  private boolean signatureMatches(String data, String base64) {
    byte[] given;
    try {
      given = Base64.getDecoder().decode(base64);
    } catch (IllegalArgumentException e) {
      return false;
    }
    return MessageDigest.isEqual(sign(data, secret), given);
  }

  private boolean fresh(String hexTime) {
    long age = clock.epochSecond() - Long.parseLong(hexTime, 16);
    return age >= -CLOCK_SKEW_SECONDS && age <= LIFETIME_SECONDS;
  }

  private String hexTime() {
    return String.format(Locale.ROOT, "%08X", clock.epochSecond());
  }

  // HMAC-SHA256 in counter mode, to the length of an RSA-2048 signature.
  private static byte[] sign(String data, byte[] key) {
    byte[] out = new byte[SIGNATURE_BYTES];
    Mac mac = mac(key);
    for (int block = 0, offset = 0; offset < SIGNATURE_BYTES; block++, offset += 32) {
      mac.update((byte) block);
      byte[] part = mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
      System.arraycopy(part, 0, out, offset, Math.min(32, SIGNATURE_BYTES - offset));
    }
    return out;
  }

  // PVE: Digest::SHA::hmac_sha256_base64("$timestamp:$username", $secret): 43 characters, no padding.
  private static String csrfDigest(String hexTime, String userid, byte[] key) {
    byte[] digest = mac(key).doFinal((hexTime + ":" + userid).getBytes(StandardCharsets.UTF_8));
    return Base64.getEncoder().withoutPadding().encodeToString(digest);
  }

  private static Mac mac(byte[] key) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
    }
  }

  private static byte[] newSecret(SecureRandom random) {
    byte[] key = new byte[32];
    random.nextBytes(key);
    return key;
  }
}
