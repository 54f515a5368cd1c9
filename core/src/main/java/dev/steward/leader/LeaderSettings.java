package dev.steward.leader;

import dev.steward.Setting;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Settings every leader election reads. Which election runs is {@code steward.leader-election}
 * ({@link dev.steward.CoreSettings#LEADER_ELECTION}).
 */
public final class LeaderSettings {
  private static final Pattern ELECTION_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@:+-]{0,63}");

  public static final Setting<String> NAME = Setting.text("steward.leader.name",
          "the name of what the instances that share a store lead together: one election per name")
      .withDefault("steward")
      .require(s -> ELECTION_NAME.matcher(s).matches(),
          "be at most 64 letters, digits and . _ @ : + -, starting with a letter or digit");

  public static final Setting<String> CANDIDATE = Setting.text("steward.leader.candidate",
          "this instance's name in the election, unique among the instances; by default HOST:PID")
      .require(s -> !s.isBlank() && s.length() <= 200 && s.chars().noneMatch(Character::isISOControl),
          "be 1 to 200 characters with no control character");

  public static final Setting<Duration> LEASE = Setting.duration("steward.leader.lease",
          "how long a leader's lease lasts unless renewed; it renews every third of it")
      .withDefault(Duration.ofSeconds(15))
      .require(d -> d.compareTo(Duration.ofMillis(300)) >= 0 && d.compareTo(Duration.ofHours(1)) <= 0,
          "be between 300ms and 1h");

  public static final Setting<Path> DIRECTORY = Setting.path("steward.leader.dir",
      "where the file election keeps its lock and term; by default steward.store.dir");

  private LeaderSettings() {}

  /** Every leader election key, in a stable order. */
  public static List<Setting<?>> all() {
    return List.of(NAME, CANDIDATE, LEASE, DIRECTORY);
  }
}
