package dev.steward.probe.ssh.internal;

import dev.steward.CoreSettings;
import dev.steward.InvalidSettingsException;
import dev.steward.Setting;
import dev.steward.SettingProblem;
import dev.steward.Settings;
import dev.steward.Transport;
import dev.steward.probe.ssh.HostKeyPolicy;
import dev.steward.probe.ssh.PassphraseProvider;
import dev.steward.probe.ssh.SshSettings;
import dev.steward.spi.ProviderContext;
import dev.steward.spi.TransportProvider;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.config.hosts.HostConfigEntryResolver;
import org.apache.sshd.client.keyverifier.ServerKeyVerifier;
import org.apache.sshd.common.config.keys.FilePasswordProvider;
import org.apache.sshd.common.keyprovider.KeyIdentityProvider;
import org.apache.sshd.core.CoreModuleProperties;

/**
 * The {@code ssh} transport on Apache SSHD. Every default of SSHD's client that would read
 * {@code ~/.ssh} on its own or accept any host key is replaced: the host config resolver, the
 * key identities and the server key verifier are all set here from {@link SshSettings}.
 */
public final class SshTransportProvider implements TransportProvider {
  @Override
  public String id() {
    return "ssh";
  }

  @Override
  public String description() {
    return "runs commands over SSH (Apache SSHD): pooled sessions, known_hosts checks, OpenSSH keys, agent and config";
  }

  @Override
  public List<Setting<?>> settings() {
    List<Setting<?>> all = new ArrayList<>(SshSettings.all());
    all.add(CoreSettings.COMMAND_TIMEOUT);
    all.add(CoreSettings.COMMAND_OUTPUT_LIMIT);
    return List.copyOf(all);
  }

  @Override
  public Transport create(ProviderContext context) {
    Settings settings = context.settings();
    settings.validate(settings());
    HostKeyPolicy policy = HostKeyPolicy.parse(settings.get(SshSettings.HOST_KEY_POLICY)).orElseThrow();
    Duration connectTimeout = settings.get(SshSettings.CONNECT_TIMEOUT);
    Duration authTimeout = settings.get(SshSettings.AUTH_TIMEOUT);
    Duration keepalive = settings.get(SshSettings.KEEPALIVE_INTERVAL);
    Optional<Path> agent = agent(settings.get(SshSettings.AGENT));
    Optional<String> passphrase = settings.find(SshSettings.PASSPHRASE);
    Optional<PassphraseProvider> passphrases = settings.find(SshSettings.PASSPHRASE_PROVIDER)
        .or(() -> passphrase.map(p -> file -> Optional.of(p)));
    Optional<Path> configFile = configFile(settings.get(SshSettings.CONFIG_FILE));

    KnownHostsVerifier verifier = new KnownHostsVerifier(settings.get(SshSettings.KNOWN_HOSTS), policy);
    SshClient client = SshClient.setUpDefaultClient();
    // SSHD's defaults read ~/.ssh/config, load ~/.ssh/id_* and accept every host key: replace all three.
    client.setHostConfigEntryResolver(HostConfigEntryResolver.EMPTY);
    client.setKeyIdentityProvider(KeyIdentityProvider.EMPTY_KEYS_PROVIDER);
    client.setFilePasswordProvider(FilePasswordProvider.EMPTY);
    client.setServerKeyVerifier((ServerKeyVerifier) verifier);
    client.setAgentFactory(agent.<org.apache.sshd.agent.SshAgentFactory>map(UnixAgent.Factory::new).orElse(null));
    // AES-GCM first: the JDK runs it on the CPU's AES instructions, where SSHD's ChaCha20-Poly1305
    // is plain Java. Both are AEAD ciphers OpenSSH offers by default; CBC modes are left out.
    client.setCipherFactoriesNames(List.of("aes128-gcm@openssh.com", "aes256-gcm@openssh.com", "chacha20-poly1305@openssh.com",
        "aes128-ctr", "aes192-ctr", "aes256-ctr"));
    // Host key algorithms in OpenSSH's order, and per host those known_hosts lists first.
    client.setSignatureFactories(HostKeyOrder.base());
    client.addSessionListener(new HostKeyOrder(verifier));
    client.setKeyExchangeFactories(keyExchanges(client.getKeyExchangeFactories(), settings.get(SshSettings.KEX_ALGORITHMS)));
    client.setUserAuthFactoriesNames(settings.find(SshSettings.PASSWORD).isPresent()
        ? List.of("publickey", "password") : List.of("publickey"));
    // Commands are small request/answer exchanges: without TCP_NODELAY, Nagle's algorithm and
    // delayed ACKs add up to 40 ms to each one.
    CoreModuleProperties.TCP_NODELAY.set(client, true);
    CoreModuleProperties.IO_CONNECT_TIMEOUT.set(client, connectTimeout);
    CoreModuleProperties.AUTH_TIMEOUT.set(client, authTimeout);
    // The pool closes idle sessions itself; SSHD's own idle timeout would also cut long silent commands.
    CoreModuleProperties.IDLE_TIMEOUT.set(client, Duration.ZERO);
    if (!keepalive.isZero()) {
      CoreModuleProperties.HEARTBEAT_INTERVAL.set(client, keepalive);
      CoreModuleProperties.HEARTBEAT_NO_REPLY_MAX.set(client, 3);
    }
    client.start();

    SessionPool pool = new SessionPool(client, verifier,
        new Identities(SshSettings.identityFiles(settings.get(SshSettings.IDENTITY_FILES)), passphrases),
        new SessionPool.Login(connectTimeout, authTimeout, settings.find(SshSettings.PASSWORD), agent,
            settings.get(SshSettings.MAX_CHANNELS)),
        settings.get(CoreSettings.CLOCK));
    TargetResolver resolver = new TargetResolver(configFile, settings.get(SshSettings.USER), settings.get(SshSettings.PORT));
    return new SshClientTransport(client, resolver, pool, settings.get(CoreSettings.COMMAND_TIMEOUT),
        Math.toIntExact(settings.get(CoreSettings.COMMAND_OUTPUT_LIMIT)), settings.get(SshSettings.SUDO),
        settings.get(SshSettings.IDLE_CLOSE));
  }

  /** SSHD's key exchanges named in {@code names}, in that order; a name SSHD does not know is a setting error. */
  private static List<org.apache.sshd.common.kex.KeyExchangeFactory> keyExchanges(
      List<org.apache.sshd.common.kex.KeyExchangeFactory> available, String names) {
    java.util.Map<String, org.apache.sshd.common.kex.KeyExchangeFactory> byName = new java.util.LinkedHashMap<>();
    available.forEach(f -> byName.put(f.getName(), f));
    List<org.apache.sshd.common.kex.KeyExchangeFactory> chosen = new ArrayList<>();
    List<String> unknown = new ArrayList<>();
    for (String name : names.split(",")) {
      String n = name.strip();
      if (n.isEmpty()) {
        continue;
      }
      if (byName.containsKey(n)) {
        chosen.add(byName.get(n));
      } else {
        unknown.add(n);
      }
    }
    if (!unknown.isEmpty() || chosen.isEmpty()) {
      throw new InvalidSettingsException(List.of(new SettingProblem(SshSettings.KEX_ALGORITHMS.name(),
          (unknown.isEmpty() ? "names no algorithm" : "names " + String.join(", ", unknown) + ", which this SSHD does not offer")
          + "; known: " + String.join(", ", byName.keySet()))));
    }
    return List.copyOf(chosen);
  }

  private static Optional<Path> agent(String value) {
    String v = value.strip();
    if (v.equalsIgnoreCase("none")) {
      return Optional.empty();
    }
    if (v.equalsIgnoreCase("auto")) {
      String sock = System.getenv("SSH_AUTH_SOCK");
      return sock == null || sock.isBlank() ? Optional.empty() : Optional.of(Path.of(sock));
    }
    Path socket = SshSettings.expandHome(v);
    if (!Files.exists(socket)) {
      throw new InvalidSettingsException(List.of(new SettingProblem(SshSettings.AGENT.name(),
          "'" + v + "' does not exist; name the agent's socket, 'auto' or 'none'")));
    }
    return Optional.of(socket);
  }

  private static Optional<Path> configFile(String value) {
    String v = value.strip();
    if (v.toLowerCase(Locale.ROOT).equals("none") || v.isEmpty()) {
      return Optional.empty();
    }
    Path file = SshSettings.expandHome(v);
    // A missing default ~/.ssh/config is normal; the resolver treats it as empty.
    return Optional.of(file);
  }
}
