package dev.steward;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The hand-written checks of names, kinds and hosts must accept exactly what their regexes accept. */
class NamesTest {
  @Property(tries = 3000)
  void theNameCheckAgreesWithItsRegex(@ForAll("candidates") String value) {
    assertThat(Names.matches(Names.NAME, value)).isEqualTo(Names.NAME.matcher(value).matches());
  }

  @Property(tries = 3000)
  void theKindCheckAgreesWithItsRegex(@ForAll("candidates") String value) {
    assertThat(Names.matches(Names.KIND, value)).isEqualTo(Names.KIND.matcher(value).matches());
  }

  @Property(tries = 3000)
  void theHostCheckAgreesWithItsRegex(@ForAll("candidates") String value) {
    assertThat(Names.matches(Names.HOST, value)).isEqualTo(Names.HOST.matcher(value).matches());
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "a", "A", "-", ":", "::1", "a-", "a.", "web-1", "host-0001.bench", "10.0.0.1", "fe80::1",
      "a_b", "x@y", "v1+2", "é", "a b", "_a", ".a", "a\n", "9"})
  void allThreeAgreeWithTheirRegexesOnEdgeCases(String value) {
    for (Pattern pattern : new Pattern[] {Names.NAME, Names.KIND, Names.HOST}) {
      assertThat(Names.matches(pattern, value)).as(pattern + " on '" + value + "'").isEqualTo(pattern.matcher(value).matches());
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {62, 63, 64, 252, 253, 254, 255, 256})
  void allThreeAgreeWithTheirRegexesAtTheLengthLimits(int length) {
    for (String value : new String[] {"a".repeat(length), "a" + "-".repeat(length - 2) + "a", "a" + ".".repeat(length - 1)}) {
      for (Pattern pattern : new Pattern[] {Names.NAME, Names.KIND, Names.HOST}) {
        assertThat(Names.matches(pattern, value)).as(pattern + " on " + length + " characters").isEqualTo(pattern.matcher(value).matches());
      }
    }
  }

  @Provide
  Arbitrary<String> candidates() {
    Arbitrary<String> anything = Arbitraries.strings().withChars("aZz09-._@:+/ é\t;").ofMinLength(0).ofMaxLength(12);
    Arbitrary<String> plausible = Arbitraries.strings().withCharRange('a', 'z').withChars("-.:_0123456789AZ")
        .ofMinLength(1).ofMaxLength(300);
    return Arbitraries.oneOf(anything, plausible);
  }
}
