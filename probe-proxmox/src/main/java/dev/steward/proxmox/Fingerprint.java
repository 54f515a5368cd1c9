package dev.steward.proxmox;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;

/**
 * The SHA-256 fingerprint of a certificate, as Proxmox shows it (GUI Node > System > Certificates,
 * {@code pvenode cert info}, {@code /nodes[].ssl_fingerprint}, {@code openssl x509 -fingerprint
 * -sha256}): 32 uppercase hex pairs joined by {@code :}. Immutable and thread-safe.
 */
public final class Fingerprint {
  private static final HexFormat PAIRS = HexFormat.ofDelimiter(":").withUpperCase();
  private static final int BYTES = 32;

  private final byte[] sha256;

  private Fingerprint(byte[] sha256) {
    this.sha256 = sha256;
  }

  /**
   * Reads a fingerprint written as 64 hex digits, either as 32 pairs joined by {@code :} or all
   * together, in any case; an openssl prefix such as {@code sha256 Fingerprint=} is skipped.
   *
   * @throws IllegalArgumentException saying what form is expected
   */
  public static Fingerprint parse(String text) {
    Objects.requireNonNull(text, "A fingerprint must not be null");
    String value = text.strip();
    int equals = value.indexOf('=');
    if (equals >= 0 && value.substring(0, equals).toLowerCase(Locale.ROOT).replace(" ", "").endsWith("fingerprint")) {
      value = value.substring(equals + 1).strip();
    }
    boolean pairs = value.length() == BYTES * 3 - 1;
    String digits = pairs ? value.replace(":", "") : value;
    if (!(pairs && colonsBetweenPairs(value) || value.length() == BYTES * 2) || digits.length() != BYTES * 2
        || !digits.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
      throw new IllegalArgumentException("'" + shorten(text) + "' is not a SHA-256 fingerprint: write 64 hex digits, "
          + "as 32 pairs joined by ':' (AB:CD:...) as Proxmox shows them, or without the colons");
    }
    return new Fingerprint(HexFormat.of().parseHex(digits));
  }

  /** The fingerprint of {@code certificate}: SHA-256 over its DER encoding. */
  public static Fingerprint of(X509Certificate certificate) {
    try {
      return new Fingerprint(sha256(certificate.getEncoded()));
    } catch (CertificateEncodingException e) {
      throw new IllegalArgumentException("The certificate cannot be encoded: " + e.getMessage(), e);
    }
  }

  /** Whether this is the fingerprint of {@code certificate}. */
  public boolean matches(X509Certificate certificate) {
    return equals(of(certificate));
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Fingerprint && MessageDigest.isEqual(sha256, ((Fingerprint) other).sha256);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(sha256);
  }

  /** {@code AB:CD:...}: 32 uppercase hex pairs joined by {@code :}. */
  @Override
  public String toString() {
    return PAIRS.formatHex(sha256);
  }

  private static boolean colonsBetweenPairs(String value) {
    for (int i = 2; i < value.length(); i += 3) {
      if (value.charAt(i) != ':') {
        return false;
      }
    }
    return true;
  }

  private static byte[] sha256(byte[] data) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(data);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }

  private static String shorten(String text) {
    String oneLine = text.replaceAll("\\p{Cntrl}", "?");
    return oneLine.length() > 120 ? oneLine.substring(0, 120) + "..." : oneLine;
  }
}
