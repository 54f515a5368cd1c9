package dev.steward.proxmox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Locale;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Fingerprints as Proxmox and openssl print them, read back in every form a user may paste. */
class FingerprintTest {
  private static final String PROXMOX_FORM =
      "F6:82:AF:38:F3:5B:85:E4:C2:79:80:21:99:BF:8F:5F:D4:B9:FE:63:69:5D:26:31:FE:A5:65:A2:05:EC:59:F5";

  private static X509Certificate sample() throws Exception {
    try (InputStream in = FingerprintTest.class.getResourceAsStream("/samples/pve-ssl.pem")) {
      return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
    }
  }

  @Test
  @DisplayName("a certificate's fingerprint is what openssl x509 -fingerprint -sha256 prints for it")
  void matchesOpenssl() throws Exception {
    String openssl;
    try (InputStream in = FingerprintTest.class.getResourceAsStream("/samples/pve-ssl.pem.openssl-fingerprint.txt")) {
      openssl = new String(in.readAllBytes(), StandardCharsets.US_ASCII).strip();
    }

    assertThat(Fingerprint.of(sample()).toString()).isEqualTo(PROXMOX_FORM);
    assertThat(Fingerprint.parse(openssl)).isEqualTo(Fingerprint.of(sample()));
    assertThat(Fingerprint.parse(PROXMOX_FORM).matches(sample())).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {
      PROXMOX_FORM,
      "f6:82:af:38:f3:5b:85:e4:c2:79:80:21:99:bf:8f:5f:d4:b9:fe:63:69:5d:26:31:fe:a5:65:a2:05:ec:59:f5",
      "F682AF38F35B85E4C279802199BF8F5FD4B9FE63695D2631FEA565A205EC59F5",
      "f682af38f35b85e4c279802199bf8f5fd4b9fe63695d2631fea565a205ec59f5",
      "  " + PROXMOX_FORM + "\n",
      "SHA256 Fingerprint=" + PROXMOX_FORM})
  @DisplayName("64 hex digits are read with or without colons, in any case, with or without openssl's prefix")
  void readsEveryForm(String text) {
    Fingerprint fingerprint = Fingerprint.parse(text);

    assertThat(fingerprint.toString()).isEqualTo(PROXMOX_FORM);
    assertThat(fingerprint).isEqualTo(Fingerprint.parse(PROXMOX_FORM)).hasSameHashCodeAs(Fingerprint.parse(PROXMOX_FORM));
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "",
      "F6:82:AF",
      "F682AF38F35B85E4C279802199BF8F5FD4B9FE63695D2631FEA565A205EC59",
      "F682AF38F35B85E4C279802199BF8F5FD4B9FE63695D2631FEA565A205EC59F5AA",
      "G6:82:AF:38:F3:5B:85:E4:C2:79:80:21:99:BF:8F:5F:D4:B9:FE:63:69:5D:26:31:FE:A5:65:A2:05:EC:59:F5",
      "F68:2AF:38:F3:5B:85:E4:C2:79:80:21:99:BF:8F:5F:D4:B9:FE:63:69:5D:26:31:FE:A5:65:A2:05:EC:59:F5",
      "F6-82-AF-38-F3-5B-85-E4-C2-79-80-21-99-BF-8F-5F-D4-B9-FE-63-69-5D-26-31-FE-A5-65-A2-05-EC-59-F5",
      "1A:2B:3C:4D:5E:6F:70:81:92:A3:B4:C5:D6:E7:F8:09:1A:2B:3C:4D:5E:6F:70:81:92:A3:B4:C5:D6:E7:F8"})
  @DisplayName("anything else is refused, saying what form is expected")
  void refusesOtherForms(String text) {
    assertThatThrownBy(() -> Fingerprint.parse(text)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("is not a SHA-256 fingerprint: write 64 hex digits");
  }

  @Test
  @DisplayName("two fingerprints differ when one digit does")
  void oneDigitMatters() {
    String other = PROXMOX_FORM.substring(0, PROXMOX_FORM.length() - 1) + "4";

    assertThat(Fingerprint.parse(other)).isNotEqualTo(Fingerprint.parse(PROXMOX_FORM));
    assertThat(Fingerprint.parse(other.toLowerCase(Locale.ROOT)).toString()).isEqualTo(other);
  }
}
