package dev.steward.probe.ssh;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steward.Observation;
import dev.steward.ObservedResource;
import dev.steward.ResourceKey;
import dev.steward.Settings;
import dev.steward.discovery.ExtensionPoint;
import dev.steward.discovery.ProviderRegistry;
import dev.steward.testsupport.lab.Lab;
import dev.steward.testsupport.lab.LabService;
import dev.steward.testsupport.lab.RequiresLab;
import java.nio.file.Path;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** The ssh probe against the real Debian host container of lab/host-container.sh, which the lab extension starts. */
@RequiresLab(LabService.HOST_CONTAINER)
class SshProbeIT {
  private static Properties lab() {
    return Lab.properties(LabService.HOST_CONTAINER);
  }

  private static Settings settings(Properties lab) {
    return Settings.builder()
        .set(SshSettings.USER, lab.getProperty("user"))
        .set(SshSettings.IDENTITY_FILES, lab.getProperty("identity"))
        .set(SshSettings.KNOWN_HOSTS, Path.of(lab.getProperty("known_hosts")))
        .set(SshSettings.CONFIG_FILE, "none")
        .set(SshSettings.AGENT, "none")
        .build();
  }

  @Test
  void observesUnitsFirewallPortsAndLoadAndSaysWhatItSkipped() throws Exception {
    Properties lab = lab();
    String host = "127.0.0.1:" + lab.getProperty("host.1.port");
    try (SshTransport transport = SshTransport.open(settings(lab))) {
      Observation observation = SshProbe.create(transport, settings(lab)).observe(host);
      assertThat(observation.isReachable()).as(observation.toString()).isTrue();
      ObservedResource notes = observation.find(ResourceKey.of("probe", "ssh", host)).orElseThrow();
      assertThat(notes.attributes().get("observed")).isEqualTo("editables,mounts,units,firewall,ports,metrics");
      assertThat(notes.attributes()).containsEntry("skipped.containers", "docker is not installed");
      ObservedResource ssh = observation.find(ResourceKey.of("unit", "ssh.service", host)).orElseThrow();
      assertThat(ssh.attributes()).containsEntry("active_state", "active").containsEntry("sub_state", "running");
      assertThat(observation.find(ResourceKey.of("listener", "tcp:22", host))).isPresent();
      assertThat(observation.find(ResourceKey.of("firewall", "ufw", host)).orElseThrow().attributes()).containsKey("active");
      assertThat(observation.metrics()).hasValueSatisfying(m -> assertThat(m.cpus()).isPositive());
    }
  }

  @Test
  void aHostWithNoSshServerIsUnreachableWithTheReason() throws Exception {
    Properties lab = lab();
    int closed;
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      closed = socket.getLocalPort();
    }
    try (SshTransport transport = SshTransport.open(settings(lab))) {
      Observation observation = SshProbe.create(transport, settings(lab)).observe("127.0.0.1:" + closed);
      assertThat(observation.isReachable()).isFalse();
      assertThat(observation.unreachableReason()).hasValueSatisfying(r -> assertThat(r).startsWith("refused: "));
    }
  }

  @Test
  void observesManyHostsAtOnceOneObservationEachInTheOrderGiven() throws Exception {
    Properties lab = lab();
    String host = "127.0.0.1:" + lab.getProperty("host.1.port");
    int closed;
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      closed = socket.getLocalPort();
    }
    String dead = "127.0.0.1:" + closed;
    // Each host's command waits until the other host's has started: observed one after the other,
    // the first would wait out the 30 s and the meeting would fail.
    java.util.concurrent.CountDownLatch bothStarted = new java.util.concurrent.CountDownLatch(2);
    java.util.concurrent.atomic.AtomicBoolean met = new java.util.concurrent.atomic.AtomicBoolean(true);
    try (SshTransport ssh = SshTransport.open(settings(lab))) {
      dev.steward.Transport meeting = (target, command) -> {
        bothStarted.countDown();
        try {
          met.compareAndSet(true, bothStarted.await(30, java.util.concurrent.TimeUnit.SECONDS));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        return ssh.run(target, command);
      };

      java.util.List<Observation> observations = SshProbe.create(meeting, settings(lab)).observeAll(java.util.List.of(host, dead, host));

      assertThat(met).as("both hosts were observed at the same time").isTrue();
      assertThat(observations).extracting(Observation::host).containsExactly(host, dead);
      assertThat(observations.get(0).isReachable()).as(observations.get(0).toString()).isTrue();
      assertThat(observations.get(0).find(ResourceKey.of("unit", "ssh.service", host))).isPresent();
      assertThat(observations.get(1).unreachableReason()).hasValueSatisfying(r -> assertThat(r).startsWith("refused: "));
    }
  }

  @Test
  void isFoundByIdAsAProbe() {
    assertThat(ProviderRegistry.discover(SshProbeIT.class.getClassLoader()).select(ExtensionPoint.PROBE, "ssh").id())
        .isEqualTo("ssh");
  }
}
