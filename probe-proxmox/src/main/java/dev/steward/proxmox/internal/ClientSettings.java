package dev.steward.proxmox.internal;

import dev.steward.CoreSettings;
import dev.steward.InvalidSettingsException;
import dev.steward.Setting;
import dev.steward.SettingProblem;
import dev.steward.Settings;
import dev.steward.proxmox.ApiToken;
import dev.steward.proxmox.DiscoveryOptions;
import dev.steward.proxmox.Fingerprint;
import dev.steward.proxmox.ProxmoxClient;
import dev.steward.proxmox.ProxmoxCredentials;
import dev.steward.proxmox.ProxmoxSettings;
import dev.steward.proxmox.ResourceType;
import dev.steward.proxmox.RetryPolicy;
import dev.steward.proxmox.Secret;
import dev.steward.proxmox.UserPassword;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads {@link ProxmoxSettings} into a client builder and discovery options, reporting every
 * problem at once. Secrets come from the file a setting names or the environment variable it
 * names; a problem with one names the file or variable, never the secret. Stateless.
 */
public final class ClientSettings {
  private ClientSettings() {}

  /**
   * A client builder from {@code settings}, secrets read from files or from {@code environment}.
   *
   * @throws InvalidSettingsException listing every problem
   */
  public static ProxmoxClient.Builder builder(Settings settings, Map<String, String> environment) {
    settings.validate(ProxmoxSettings.all());
    List<SettingProblem> problems = new ArrayList<>();
    Optional<String> url = settings.find(ProxmoxSettings.URL);
    if (url.isEmpty()) {
      problems.add(new SettingProblem(ProxmoxSettings.URL.name(), "not set: name one node's API, e.g. https://pve1.example.org:8006"));
    }
    Optional<ProxmoxCredentials> credentials = credentials(settings, environment, problems);
    Duration delay = settings.get(ProxmoxSettings.RETRY_DELAY);
    Duration maxDelay = settings.get(ProxmoxSettings.RETRY_MAX_DELAY);
    if (maxDelay.compareTo(delay) < 0) {
      problems.add(new SettingProblem(ProxmoxSettings.RETRY_MAX_DELAY.name(), maxDelay + " is shorter than "
          + ProxmoxSettings.RETRY_DELAY.name() + " (" + delay + ")"));
    }
    boolean insecure = settings.get(ProxmoxSettings.INSECURE);
    Optional<Fingerprint> pin = settings.find(ProxmoxSettings.FINGERPRINT).map(Fingerprint::parse);
    if (insecure && pin.isPresent()) {
      problems.add(new SettingProblem(ProxmoxSettings.INSECURE.name(), "is true while " + ProxmoxSettings.FINGERPRINT.name()
          + " pins a certificate; they exclude each other: keep the pin"));
    }
    if (!problems.isEmpty()) {
      throw new InvalidSettingsException(problems);
    }
    int retries = settings.get(ProxmoxSettings.RETRIES);
    ProxmoxClient.Builder builder = ProxmoxClient.builder(url.get())
        .credentials(credentials.get())
        .maxConcurrency(settings.get(ProxmoxSettings.MAX_CONCURRENCY))
        .connectTimeout(settings.get(ProxmoxSettings.CONNECT_TIMEOUT))
        .requestTimeout(settings.get(ProxmoxSettings.REQUEST_TIMEOUT))
        .retryPolicy(new RetryPolicy(retries, Math.min(1, retries), delay, maxDelay, RetryPolicy.DEFAULT.jitter()))
        .ticketRenewal(settings.get(ProxmoxSettings.TICKET_RENEWAL))
        .clock(settings.get(CoreSettings.CLOCK));
    pin.ifPresent(builder::pin);
    if (insecure) {
      builder.insecure();
    }
    return builder;
  }

  /** The probe's discovery options: what {@code steward.proxmox.observe} names, with the task and log limits. */
  public static DiscoveryOptions discoveryOptions(Settings settings) {
    Set<ResourceType> types = ResourceType.parseList(settings.get(ProxmoxSettings.OBSERVE)).orElseThrow();
    return DiscoveryOptions.defaults().withTypes(types)
        .withTasks(settings.get(ProxmoxSettings.TASK_PAGE_SIZE), settings.get(ProxmoxSettings.TASKS_PER_NODE),
            settings.get(ProxmoxSettings.TASK_MAX_AGE))
        .withLogs(settings.get(ProxmoxSettings.LOG_FAILED_WITHIN), settings.get(ProxmoxSettings.LOGS_PER_NODE),
            settings.get(ProxmoxSettings.LOG_LINES))
        .withConfigMaxAge(settings.get(ProxmoxSettings.CONFIG_MAX_AGE));
  }

  private static Optional<ProxmoxCredentials> credentials(Settings settings, Map<String, String> environment,
      List<SettingProblem> problems) {
    Optional<String> tokenId = settings.find(ProxmoxSettings.TOKEN_ID);
    Optional<String> user = settings.find(ProxmoxSettings.USER);
    if (tokenId.isPresent() && user.isPresent()) {
      problems.add(new SettingProblem(ProxmoxSettings.USER.name(), "is set together with " + ProxmoxSettings.TOKEN_ID.name()
          + ": log in one way, preferably with the token"));
      return Optional.empty();
    }
    if (tokenId.isEmpty() && user.isEmpty()) {
      problems.add(new SettingProblem(ProxmoxSettings.TOKEN_ID.name(), "not set: give an API token id (USER@REALM!TOKENNAME) "
          + "and its secret in " + ProxmoxSettings.TOKEN_SECRET_FILE.name() + " or the environment variable "
          + settings.get(ProxmoxSettings.TOKEN_SECRET_ENV) + ", or a user in " + ProxmoxSettings.USER.name()));
      return Optional.empty();
    }
    boolean token = tokenId.isPresent();
    Optional<Path> file = settings.find(token ? ProxmoxSettings.TOKEN_SECRET_FILE : ProxmoxSettings.PASSWORD_FILE);
    String variable = settings.get(token ? ProxmoxSettings.TOKEN_SECRET_ENV : ProxmoxSettings.PASSWORD_ENV);
    Setting<Path> fileSetting = token ? ProxmoxSettings.TOKEN_SECRET_FILE : ProxmoxSettings.PASSWORD_FILE;
    Setting<?> secretSetting = file.isPresent() ? fileSetting : token ? ProxmoxSettings.TOKEN_SECRET_ENV : ProxmoxSettings.PASSWORD_ENV;
    Optional<Secret> secret;
    try {
      secret = Optional.of(file.isPresent() ? Secret.fromFile(file.get()) : Secret.fromEnvironment(variable, environment));
    } catch (IllegalArgumentException e) {
      problems.add(new SettingProblem(secretSetting.name(), e.getMessage()
          + (file.isPresent() ? "" : "; set it, or name a file in " + fileSetting.name())));
      secret = Optional.empty();
    }
    try {
      // The id first, with a stand-in secret, so a bad id and a bad secret are told apart.
      if (token) {
        new ApiToken(tokenId.get(), Secret.of("checking-the-id-only"));
      } else {
        new UserPassword(user.get(), Secret.of("checking-the-id-only"));
      }
    } catch (IllegalArgumentException e) {
      problems.add(new SettingProblem((token ? ProxmoxSettings.TOKEN_ID : ProxmoxSettings.USER).name(), e.getMessage()));
      return Optional.empty();
    }
    try {
      return secret.map(s -> token ? new ApiToken(tokenId.get(), s) : new UserPassword(user.get(), s));
    } catch (IllegalArgumentException e) {
      problems.add(new SettingProblem(secretSetting.name(), e.getMessage()));
      return Optional.empty();
    }
  }
}
