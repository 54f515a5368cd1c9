package dev.steward.spi.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class KnownHostsTest {
  @Test
  void collectsFromTheConfiguredAndEveryTouchedHostOnceInNameOrder() {
    KnownHosts hosts = new KnownHosts(List.of("web2", "local"));
    hosts.touch("db1");
    hosts.touch("web2");

    List<String> answers = hosts.collect(host -> List.of(host + ":a", host + ":b"));

    assertThat(answers).containsExactly("db1:a", "db1:b", "local:a", "local:b", "web2:a", "web2:b");
  }
}
