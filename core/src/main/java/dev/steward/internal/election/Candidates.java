package dev.steward.internal.election;

import dev.steward.Settings;
import dev.steward.leader.LeaderSettings;
import java.net.InetAddress;
import java.net.UnknownHostException;

/** The name and candidate an election runs under, with their defaults; shared by every election. */
public final class Candidates {
  private Candidates() {}

  /** {@code steward.leader.name}. */
  public static String name(Settings settings) {
    return settings.get(LeaderSettings.NAME);
  }

  /** {@code steward.leader.candidate}, else this machine's host name and this process's pid. */
  public static String candidate(Settings settings) {
    return settings.find(LeaderSettings.CANDIDATE).orElseGet(Candidates::hostAndPid);
  }

  static String hostAndPid() {
    String host;
    try {
      host = InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      host = "localhost";
    }
    return host + ":" + ProcessHandle.current().pid();
  }
}
