package dev.steward;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ResourceKeyTest {
  private static final String NAME_RULE =
      "use letters, digits and . _ @ : + -, starting with a letter or digit, at most 255 characters";

  @ParameterizedTest
  @ValueSource(strings = {"web-1", "a", "9", "db_2.prod", "user@example", "host:8080", "v1.2+build"})
  void acceptsNamesThatAreSafeShellWords(String name) {
    assertThat(ResourceKey.local("node", name).name()).isEqualTo(name);
  }

  @Test
  void acceptsANameOf255Characters() {
    String longest = "x".repeat(255);

    assertThat(ResourceKey.local("node", longest).name()).isEqualTo(longest);
  }

  @ParameterizedTest
  @ValueSource(strings = {"a;b", "a b", "$(x)", "`x`", "-rf", ".hidden", "a/b", "a|b", "a&b", "*", "a'b", "a\"b",
      "a\\b", "~root", "a>b", "a\tb", "ä"})
  void refusesNamesWithShellMetacharactersOrALeadingSymbol(String name) {
    assertThatThrownBy(() -> ResourceKey.local("node", name))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageEndingWith("' is not valid: " + NAME_RULE);
  }

  @Test
  void refusesASemicolonNamingTheNameAndTheRule() {
    assertThatThrownBy(() -> ResourceKey.local("node", "web;rm -rf /"))
        .hasMessage("Resource name 'web;rm -rf /' is not valid: " + NAME_RULE);
  }

  @Test
  void refusesAnEmptyName() {
    assertThatThrownBy(() -> ResourceKey.local("node", ""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Resource name '' is not valid: " + NAME_RULE);
  }

  @Test
  void refusesANameLongerThan255Characters() {
    assertThatThrownBy(() -> ResourceKey.local("node", "x".repeat(256)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Resource name '" + "x".repeat(80) + "...' is not valid: " + NAME_RULE);
  }

  @Test
  void showsControlCharactersEscapedInTheMessage() {
    assertThatThrownBy(() -> ResourceKey.local("node", "web\n1\u001b[31m"))
        .hasMessage("Resource name 'web\\x0a1\\x1b[31m' is not valid: " + NAME_RULE);
  }

  @Test
  void refusesNullParts() {
    assertThatThrownBy(() -> ResourceKey.local("node", null))
        .isInstanceOf(NullPointerException.class).hasMessage("Resource name must not be null");
    assertThatThrownBy(() -> ResourceKey.local(null, "a"))
        .isInstanceOf(NullPointerException.class).hasMessage("Resource kind must not be null");
    assertThatThrownBy(() -> ResourceKey.of("node", "a", null))
        .isInstanceOf(NullPointerException.class).hasMessage("Host must not be null");
  }

  @Test
  void refusesAKindThatIsNotLowercase() {
    assertThatThrownBy(() -> ResourceKey.local("Node", "a"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Resource kind 'Node' is not valid: use lowercase letters, digits and '-', starting with a letter");
    assertThatThrownBy(() -> ResourceKey.local("1node", "a")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ResourceKey.local("", "a")).isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {"local", "web.example.org", "10.0.0.7", "fe80::1", "2001:db8::2", "::1", "h"})
  void acceptsHostNamesAndAddresses(String host) {
    assertThat(ResourceKey.of("node", "a", host).host()).isEqualTo(host);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "-h", "host-", "a b", "h;x", "h/x", "h@x", "$(x)"})
  void refusesHostsThatAreNotNamesOrAddresses(String host) {
    assertThatThrownBy(() -> ResourceKey.of("node", "a", host))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Host '" + host + "' is not valid: use a host name, an IP address or 'local'");
  }

  @Test
  void localKeysAreOnThisMachine() {
    assertThat(ResourceKey.local("node", "a").isLocal()).isTrue();
    assertThat(ResourceKey.of("node", "a", "10.0.0.1").isLocal()).isFalse();
  }

  @Test
  void printsAndParsesKindNameAtHost() {
    ResourceKey key = ResourceKey.of("node", "user@web-1", "10.0.0.7");

    assertThat(key).hasToString("node/user@web-1@10.0.0.7");
    assertThat(ResourceKey.parse("node/user@web-1@10.0.0.7")).isEqualTo(key);
  }

  @ParameterizedTest
  @ValueSource(strings = {"node-web-1", "node/web-1", "/web-1@local", "web@local/node", ""})
  void refusesTextThatIsNotKindSlashNameAtHost(String text) {
    assertThatThrownBy(() -> ResourceKey.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("'" + text + "' is not a resource key: write kind/name@host, e.g. node/web-1@local");
  }

  @Test
  void parseChecksEachPartLikeTheConstructor() {
    assertThatThrownBy(() -> ResourceKey.parse("node/a;b@local"))
        .hasMessage("Resource name 'a;b' is not valid: " + NAME_RULE);
    assertThatThrownBy(() -> ResourceKey.parse("node/a@"))
        .hasMessage("Host '' is not valid: use a host name, an IP address or 'local'");
  }

  @Test
  void ordersByKindThenHostThenName() {
    ResourceKey nodeBOnA = ResourceKey.of("node", "b", "a-host");
    ResourceKey nodeAOnB = ResourceKey.of("node", "a", "b-host");
    ResourceKey nodeAOnA = ResourceKey.of("node", "a", "a-host");
    ResourceKey mount = ResourceKey.of("mount", "z", "z-host");
    List<ResourceKey> keys = new ArrayList<>(List.of(nodeAOnB, nodeBOnA, mount, nodeAOnA));

    Collections.sort(keys);

    assertThat(keys).containsExactly(mount, nodeAOnA, nodeBOnA, nodeAOnB);
    assertThat(nodeAOnA.compareTo(ResourceKey.of("node", "a", "a-host"))).isZero();
  }

  @Provide
  Arbitrary<ResourceKey> keys() {
    Arbitrary<String> kinds = Arbitraries.strings().withCharRange('a', 'z').ofLength(1)
        .flatMap(first -> Arbitraries.strings().withCharRange('a', 'z').numeric().withChars('-').ofMaxLength(62)
            .map(rest -> first + rest));
    Arbitrary<String> names = Arbitraries.strings().withCharRange('a', 'z').withCharRange('A', 'Z').numeric().ofLength(1)
        .flatMap(first -> Arbitraries.strings().withCharRange('a', 'z').withCharRange('A', 'Z').numeric()
            .withChars('.', '_', '@', ':', '+', '-').ofMaxLength(254).map(rest -> first + rest));
    Arbitrary<String> hosts = Arbitraries.oneOf(
        Arbitraries.of("local", "10.0.0.7", "fe80::1", "::1", "web-1.example.org"),
        Arbitraries.strings().withCharRange('a', 'z').numeric().withChars('.', '-', ':', '_').ofMaxLength(20)
            .map(middle -> "h" + middle + "0"));
    return Combinators.combine(kinds, names, hosts).as(ResourceKey::new);
  }

  @Property(tries = 500)
  void parseReadsBackWhatToStringPrints(@ForAll("keys") ResourceKey key) {
    assertThat(ResourceKey.parse(key.toString())).isEqualTo(key);
  }

  @Property(tries = 200)
  void orderIsConsistentWithEquals(@ForAll("keys") ResourceKey a, @ForAll("keys") ResourceKey b) {
    assertThat(a.compareTo(b) == 0).isEqualTo(a.equals(b));
    assertThat(Integer.signum(a.compareTo(b))).isEqualTo(-Integer.signum(b.compareTo(a)));
  }
}
