package dev.steward.proxmox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.steward.proxmox.simulator.ProxmoxSimulator;
import dev.steward.testsupport.MutableClock;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Which certificates the client trusts: the default trust store's (host name checked), else the
 * pinned one (host name not checked), else none, with the fingerprint and the setting to pin it
 * in the error. The simulator serves a fresh self-signed certificate, so the JDK's own trust store
 * never vouches for it.
 */
class TlsIT {
  private final MutableClock clock = MutableClock.startingAtEpochOf2026();
  private final Pve.RecordingSleeper sleeper = new Pve.RecordingSleeper(clock);

  private ProxmoxClient.Builder unpinned(ProxmoxSimulator pve, String url) {
    return ProxmoxClient.builder(url).credentials(Pve.token()).clock(clock).sleeper(sleeper);
  }

  @Test
  @DisplayName("a pinned fingerprint is trusted, also when the node is addressed by an IP its certificate does not name")
  void trustsThePinnedCertificate() throws Exception {
    try (ProxmoxSimulator pve = Pve.simulator(clock).bindAddress(InetAddress.getByName("0.0.0.0")).start()) {
      ProxmoxClient client = unpinned(pve, "https://127.0.0.2:" + pve.port()).pin(Fingerprint.parse(pve.fingerprint())).build();

      assertThat(client.version().release()).isEqualTo("8.3");
    }
  }

  @Test
  @DisplayName("an unknown certificate is refused with its fingerprint and the setting that pins it, and is not retried")
  void refusesAnUnknownCertificate() {
    try (ProxmoxSimulator pve = Pve.simulator(clock).start()) {
      ProxmoxClient client = unpinned(pve, pve.baseUri().toString()).build();

      assertThatThrownBy(client::version).isInstanceOfSatisfying(CertificateNotTrustedException.class, e -> {
        assertThat(e.observed()).isEqualTo(Fingerprint.parse(pve.fingerprint()));
        assertThat(e.pinned()).isEmpty();
        assertThat(e.isTransient()).isFalse();
        assertThat(e.getMessage()).contains("is not trusted", pve.fingerprint(), "steward.proxmox.fingerprint=" + pve.fingerprint());
      });
      assertThat(sleeper.waits()).isEmpty();
      assertThat(pve.requests().served()).isZero();
    }
  }

  @Test
  @DisplayName("a certificate that changed from the pinned one is refused, naming both fingerprints")
  void refusesAChangedCertificate() {
    try (ProxmoxSimulator pve = Pve.simulator(clock).start()) {
      String pinned = pve.fingerprint();
      assertThat(Pve.client(pve, clock, sleeper).build().version().release()).isEqualTo("8.3");

      String renewed = pve.rotateCertificate();
      ProxmoxClient client = Pve.client(pve, clock, sleeper).pin(Fingerprint.parse(pinned)).build();

      assertThatThrownBy(client::version).isInstanceOfSatisfying(CertificateNotTrustedException.class, e -> {
        assertThat(e.observed()).isEqualTo(Fingerprint.parse(renewed));
        assertThat(e.pinned()).hasValue(Fingerprint.parse(pinned));
        assertThat(e.getMessage()).contains("has changed", renewed, pinned);
      });
    }
  }

  @Test
  @DisplayName("a certificate the trust store vouches for needs no pin; its host name is still checked")
  void theTrustStoreComesFirstWithItsHostNameCheck() throws Exception {
    try (ProxmoxSimulator pve = Pve.simulator(clock).bindAddress(InetAddress.getByName("0.0.0.0")).start()) {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      store.setCertificateEntry("pve", pve.certificate());

      ProxmoxClient named = unpinned(pve, "https://127.0.0.1:" + pve.port()).trustStore(store).build();
      assertThat(named.version().release()).isEqualTo("8.3");

      // 127.0.0.2 reaches the same server, but the certificate does not name it.
      ProxmoxClient misnamed = unpinned(pve, "https://127.0.0.2:" + pve.port()).trustStore(store).build();
      assertThatThrownBy(misnamed::version).isInstanceOfSatisfying(CertificateNotTrustedException.class,
          e -> assertThat(e.getMessage()).contains("127.0.0.2"));
    }
  }

  @Test
  @DisplayName("insecure mode accepts any certificate and says so loudly, as a warning, at every build")
  void insecureModeIsLoud() {
    try (ProxmoxSimulator pve = Pve.simulator(clock).start()) {
      PrintStream original = System.err;
      ByteArrayOutputStream captured = new ByteArrayOutputStream();
      System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
      ProxmoxClient first;
      try {
        first = unpinned(pve, pve.baseUri().toString()).insecure().build();
        unpinned(pve, pve.baseUri().toString()).insecure().build();
      } finally {
        System.setErr(original);
      }

      assertThat(first.version().release()).isEqualTo("8.3");
      assertThat(first.config().insecure()).isTrue();
      String log = captured.toString(StandardCharsets.UTF_8);
      assertThat(log.split("WARN", -1)).hasSize(3);
      assertThat(log).contains("INSECURE", "accepts any certificate and any host name", pve.baseUri().getAuthority());
    }
  }
}
