package dev.steward.observe;

import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * One unit as {@code systemctl show} describes it. States are kept as systemd's words (systemd adds
 * new ones now and then); the common ones are listed below.
 *
 * @param id the unit's {@code Id} (e.g. {@code ssh.service}) when it was asked for with {@code -p Id}
 * @param loadState {@code loaded}, {@code not-found}, {@code bad-setting}, {@code error} or {@code masked}
 * @param activeState {@code active}, {@code inactive}, {@code failed}, {@code activating},
 *     {@code deactivating} or {@code reloading}
 * @param subState the type-specific state, e.g. {@code running}, {@code dead}, {@code exited}, {@code auto-restart}
 * @param mainPid the main process, when there is one ({@code MainPID=0} means none)
 * @param mainStartedAt when the main process started ({@code ExecMainStartTimestamp}), when it ever did
 * @param properties every property shown, by name, as written
 */
public record SystemdUnit(
    Optional<String> id,
    String loadState,
    String activeState,
    String subState,
    OptionalLong mainPid,
    Optional<Instant> mainStartedAt,
    Map<String, String> properties) {
  public SystemdUnit {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(loadState, "loadState");
    Objects.requireNonNull(activeState, "activeState");
    Objects.requireNonNull(subState, "subState");
    Objects.requireNonNull(mainPid, "mainPid");
    Objects.requireNonNull(mainStartedAt, "mainStartedAt");
    properties = Collections.unmodifiableMap(new TreeMap<>(properties));
  }

  /** Whether systemd knows the unit: false for {@code LoadState=not-found} (systemctl show still exits 0 for those). */
  public boolean found() {
    return !loadState.equals("not-found");
  }

  /** Whether the unit is {@code active}. */
  public boolean active() {
    return activeState.equals("active");
  }

  /** Whether the unit is {@code failed}. */
  public boolean failed() {
    return activeState.equals("failed");
  }

  /** A property as written (possibly empty), or empty when it was not shown. */
  public Optional<String> property(String name) {
    return Optional.ofNullable(properties.get(name));
  }
}
