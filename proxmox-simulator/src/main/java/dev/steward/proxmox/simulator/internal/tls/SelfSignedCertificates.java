package dev.steward.proxmox.simulator.internal.tls;

import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * Makes a self-signed X.509 v3 server certificate on a fresh EC P-256 key, in pure Java: the
 * to-be-signed part is written in DER by hand, signed with {@code SHA256withECDSA}, and read back
 * through {@link CertificateFactory} so the JDK has checked what was written.
 *
 * <p>Validity is taken from the real time, not the simulator's clock: TLS clients check it against
 * the real time. Stateless and thread-safe.
 */
public final class SelfSignedCertificates {
  private static final String ECDSA_WITH_SHA256 = "1.2.840.10045.4.3.2";
  private static final String ORGANIZATION = "2.5.4.10";
  private static final String ORGANIZATIONAL_UNIT = "2.5.4.11";
  private static final String COMMON_NAME = "2.5.4.3";
  private static final String BASIC_CONSTRAINTS = "2.5.29.19";
  private static final String KEY_USAGE = "2.5.29.15";
  private static final String EXTENDED_KEY_USAGE = "2.5.29.37";
  private static final String SUBJECT_ALT_NAME = "2.5.29.17";
  private static final String SERVER_AUTH = "1.3.6.1.5.5.7.3.1";
  // GeneralName choices (RFC 5280 4.2.1.6), written IMPLICIT.
  private static final int DNS_NAME = 2;
  private static final int IP_ADDRESS = 7;
  // KeyUsage digitalSignature is bit 0: one byte 0x80 with its seven trailing zero bits unused.
  private static final byte[] DIGITAL_SIGNATURE = {(byte) 0x80};
  // pve-ssl.pem lives two years; the start lies a day back so a skewed client clock still accepts it.
  private static final Duration BACKDATE = Duration.ofDays(1);
  private static final Duration LIFETIME = Duration.ofDays(730);

  private SelfSignedCertificates() {}

  /**
   * A new key and a certificate for {@code commonName}, valid for every name in {@code dnsNames}
   * and every address in {@code addresses} (subjectAltName), for server authentication.
   */
  public static ServerIdentity generate(String commonName, List<String> dnsNames, List<InetAddress> addresses, SecureRandom random) {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"), random);
      KeyPair keys = generator.generateKeyPair();
      byte[] algorithm = Der.sequence(Der.oid(ECDSA_WITH_SHA256));
      byte[] name = name(commonName);
      Instant now = Instant.now();
      byte[] tbs = Der.sequence(
          Der.explicit(0, Der.integer(BigInteger.TWO)),
          Der.integer(new BigInteger(63, random).add(BigInteger.ONE)),
          algorithm,
          name,
          Der.sequence(Der.time(now.minus(BACKDATE).atZone(ZoneOffset.UTC)), Der.time(now.plus(LIFETIME).atZone(ZoneOffset.UTC))),
          name,
          keys.getPublic().getEncoded(),
          Der.explicit(3, Der.sequence(
              extension(BASIC_CONSTRAINTS, true, Der.sequence()),
              extension(KEY_USAGE, true, Der.bitString(DIGITAL_SIGNATURE, 7)),
              extension(EXTENDED_KEY_USAGE, false, Der.sequence(Der.oid(SERVER_AUTH))),
              extension(SUBJECT_ALT_NAME, false, alternativeNames(dnsNames, addresses)))));
      Signature signer = Signature.getInstance("SHA256withECDSA");
      signer.initSign(keys.getPrivate(), random);
      signer.update(tbs);
      byte[] der = Der.sequence(tbs, algorithm, Der.bitString(signer.sign()));
      X509Certificate certificate = (X509Certificate) CertificateFactory.getInstance("X.509")
          .generateCertificate(new ByteArrayInputStream(der));
      certificate.verify(keys.getPublic());
      return ServerIdentity.of(keys.getPrivate(), certificate);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Cannot make a self-signed certificate for " + commonName + ": " + e.getMessage(), e);
    }
  }

  // Ordered as pve-ssl.pem's subject: O, OU, CN.
  private static byte[] name(String commonName) {
    return Der.sequence(
        attribute(ORGANIZATION, "Proxmox Virtual Environment"),
        attribute(ORGANIZATIONAL_UNIT, "PVE Cluster Node"),
        attribute(COMMON_NAME, commonName));
  }

  private static byte[] attribute(String type, String value) {
    return Der.set(Der.sequence(Der.oid(type), Der.utf8(value)));
  }

  private static byte[] extension(String oid, boolean critical, byte[] value) {
    if (critical) {
      return Der.sequence(Der.oid(oid), Der.bool(true), Der.octetString(value));
    }
    return Der.sequence(Der.oid(oid), Der.octetString(value));
  }

  private static byte[] alternativeNames(List<String> dnsNames, List<InetAddress> addresses) {
    List<byte[]> names = new ArrayList<>();
    for (String dns : dnsNames) {
      names.add(Der.implicitPrimitive(DNS_NAME, dns.getBytes(StandardCharsets.US_ASCII)));
    }
    for (InetAddress address : addresses) {
      names.add(Der.implicitPrimitive(IP_ADDRESS, address.getAddress()));
    }
    return Der.sequence(names.toArray(byte[][]::new));
  }
}
