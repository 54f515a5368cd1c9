package dev.steward.proxmox.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The served certificate: self-signed, valid for the loopback names, pinned by its Proxmox-style fingerprint. */
class CertificateTest {
  private final ProxmoxSimulator pve = ProxmoxSimulator.builder().nodes(2).guests(2).authDelay(Duration.ZERO).start();

  @AfterEach
  void stop() {
    pve.close();
  }

  @Test
  void printsTheFingerprintAsProxmoxDoes() throws Exception {
    String expected = HexFormat.ofDelimiter(":").formatHex(
        MessageDigest.getInstance("SHA-256").digest(pve.certificate().getEncoded())).toUpperCase(Locale.ROOT);

    assertThat(pve.fingerprint()).isEqualTo(expected).matches("([0-9A-F]{2}:){31}[0-9A-F]{2}");
  }

  @Test
  void servesASelfSignedV3LeafForTheLoopbackNames() throws Exception {
    X509Certificate certificate = pve.certificate();

    assertThat(certificate.getVersion()).isEqualTo(3);
    certificate.verify(certificate.getPublicKey());
    certificate.checkValidity();
    List<String> names = certificate.getSubjectAlternativeNames().stream().map(name -> String.valueOf(name.get(1))).toList();
    assertThat(names).contains("localhost", "127.0.0.1", "pve1");
    assertThat(certificate.getExtendedKeyUsage()).contains("1.3.6.1.5.5.7.3.1");
    assertThat(certificate.getBasicConstraints()).isEqualTo(-1);
  }

  @Test
  void letsAClientPinnedToItConnectByAddressAndByName() throws Exception {
    SSLContext pinned = Trust.exactly(pve.certificate());

    assertThat(status(pinned, pve.baseUri() + "/version")).isEqualTo(401);
    assertThat(status(pinned, "https://localhost:" + pve.port() + "/api2/json/version")).isEqualTo(401);
  }

  @Test
  void failsAClientPinnedToAnotherCertificate() {
    SSLContext wrongPin;
    try (ProxmoxSimulator other = ProxmoxSimulator.builder().nodes(1).guests(1).start()) {
      wrongPin = Trust.exactly(other.certificate());
    }

    assertThatThrownBy(() -> status(wrongPin, pve.baseUri() + "/version")).isInstanceOf(SSLHandshakeException.class);
  }

  @Test
  void servesANewCertificateAfterRotationAndReportsItInNodes() throws Exception {
    String before = pve.fingerprint();
    SSLContext pinnedBefore = Trust.exactly(pve.certificate());

    String after = pve.rotateCertificate();

    assertThat(after).isNotEqualTo(before).isEqualTo(pve.fingerprint());
    assertThatThrownBy(() -> status(pinnedBefore, pve.baseUri() + "/version")).isInstanceOf(SSLHandshakeException.class);
    List<String> reported = new Api(pve).get("/nodes").data().findValuesAsText("ssl_fingerprint");
    assertThat(reported).containsOnly(after);
  }

  private static int status(SSLContext tls, String uri) throws IOException, InterruptedException {
    HttpClient client = HttpClient.newBuilder().sslContext(tls).connectTimeout(Duration.ofSeconds(10)).build();
    return client.send(HttpRequest.newBuilder(URI.create(uri)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
  }
}
