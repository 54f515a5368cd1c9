package dev.steward;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProbesTest {
  private static final Instant AT = Instant.parse("2026-12-03T12:00:00Z");

  private static Probe recording(String who, List<String> calls) {
    return host -> {
      calls.add(who + " " + host);
      return Observation.reached(host, AT, List.of(ObservedResource.of(ResourceKey.of("seen-by", who, host))));
    };
  }

  @Test
  void localNamesGoToTheLocalProbeAndEveryOtherHostToTheRemoteOneInTheOrderGiven() {
    List<String> calls = Collections.synchronizedList(new ArrayList<>());
    Probe probe = Probes.byHost(recording("local", calls), recording("remote", calls));

    List<Observation> observed = probe.observeAll(List.of("web2", "local", "db:2222", "localhost", "web2"));

    assertThat(observed).extracting(Observation::host).containsExactly("web2", "local", "db:2222", "localhost");
    assertThat(observed).extracting(o -> o.resources().get(0).key().name()).containsExactly("remote", "local", "remote", "local");
    assertThat(calls).containsExactlyInAnyOrder("remote web2", "local local", "remote db:2222", "local localhost");
    assertThat(probe.observe("local").resources().get(0).key().name()).isEqualTo("local");
  }

  @Test
  void transportsByHostSendLocalCommandsToTheLocalTransport() {
    List<String> calls = Collections.synchronizedList(new ArrayList<>());
    Transport local = (host, command) -> {
      calls.add("local " + host);
      return new CommandResult(host, command, 0, "", "", false, false, java.time.Duration.ZERO);
    };
    Transport remote = (host, command) -> {
      calls.add("remote " + host);
      return new CommandResult(host, command, 0, "", "", false, false, java.time.Duration.ZERO);
    };
    Transport both = Transports.byHost(local, remote);

    both.run("local", Command.of("true"));
    both.run("h1", Command.of("true"));
    both.run("localhost", Command.of("true"));

    assertThat(calls).containsExactly("local local", "remote h1", "local localhost");
  }
}
