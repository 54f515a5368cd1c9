package dev.steward.observe;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.function.Function;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * What the parsers' property tests feed in: random text, random JSON of any shape, and real samples
 * cut short or with one character changed. A parser must answer each with a result or an
 * {@link OutputParseException} whose message is short, never with another exception.
 */
final class Garbage {
  private Garbage() {}

  /** Text with the characters the formats use for structure, plus any others. */
  static Arbitrary<String> text() {
    Arbitrary<String> structured = Arbitraries.strings()
        .withChars("[]{}\",:=-#/\\()<> \t\n0123456789abcdefxyzLoadStatActive")
        .ofMaxLength(200);
    Arbitrary<String> any = Arbitraries.strings().ofMaxLength(200);
    return Arbitraries.oneOf(structured, any);
  }

  /** Any JSON value, nested a few levels deep, with keys the parsers look for among random ones. */
  static Arbitrary<String> json(String... keys) {
    return jsonValue(3, List.of(keys));
  }

  /** Any JSON objects, one per line. */
  static Arbitrary<String> jsonLines(String... keys) {
    return json(keys).list().ofMaxSize(4).map(lines -> String.join("\n", lines));
  }

  private static Arbitrary<String> jsonValue(int depth, List<String> keys) {
    Arbitrary<String> scalar = Arbitraries.oneOf(
        Arbitraries.strings().ofMaxLength(12).map(Garbage::quote),
        Arbitraries.strings().withChars("/abc []").ofMaxLength(12).map(Garbage::quote),
        Arbitraries.longs().map(String::valueOf),
        Arbitraries.doubles().map(String::valueOf),
        Arbitraries.of("true", "false", "null", "\"\"", "\"0\"", "\"-1\"", "\"running\"", "\"/\""));
    if (depth == 0) {
      return scalar;
    }
    Arbitrary<String> key = keys.isEmpty()
        ? Arbitraries.strings().alpha().ofMaxLength(8)
        : Arbitraries.oneOf(Arbitraries.of(keys), Arbitraries.strings().alpha().ofMaxLength(8));
    Arbitrary<String> member = Combinators.combine(key, Arbitraries.lazy(() -> jsonValue(depth - 1, keys)))
        .as((k, v) -> quote(k) + ":" + v);
    Arbitrary<String> object = member.list().ofMaxSize(5).uniqueElements(m -> m.substring(0, m.indexOf("\":") + 1))
        .map(members -> "{" + String.join(",", members) + "}");
    Arbitrary<String> array = Arbitraries.lazy(() -> jsonValue(depth - 1, keys)).list().ofMaxSize(4)
        .map(items -> "[" + String.join(",", items) + "]");
    return Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(2, scalar), net.jqwik.api.Tuple.of(3, object), net.jqwik.api.Tuple.of(3, array));
  }

  /** A real sample cut at a random place. */
  static Arbitrary<String> truncated(String sample) {
    return Arbitraries.integers().between(0, sample.length()).map(n -> sample.substring(0, n));
  }

  /** A real sample with one character replaced by another. */
  static Arbitrary<String> mutated(String sample) {
    return Combinators.combine(
            Arbitraries.integers().between(0, Math.max(0, sample.length() - 1)),
            Arbitraries.chars().with("[]{}\",:=-#/\\() \t\n0x9az"))
        .as((at, c) -> sample.isEmpty() ? String.valueOf(c)
            : sample.substring(0, at) + c + sample.substring(at + 1));
  }

  /** Truncated or mutated copies of any of {@code samples}. */
  static Arbitrary<String> damaged(String... samples) {
    return Arbitraries.of(samples).flatMap(s -> Arbitraries.oneOf(truncated(s), mutated(s)));
  }

  /**
   * Runs {@code parser}: a result is fine, an {@link OutputParseException} must carry a short
   * message that does not repeat a long input; any other exception fails the property.
   */
  static <T> void resultOrParseError(Function<String, T> parser, String input) {
    T result;
    try {
      result = parser.apply(input);
    } catch (OutputParseException e) {
      assertThat(e.getMessage()).hasSizeLessThan(500);
      if (input.length() > 120) {
        assertThat(e.getMessage()).doesNotContain(input);
      }
      return;
    }
    assertThat(result).isNotNull();
  }

  /** Runs {@code parser} and expects an {@link OutputParseException}. */
  static void parseError(Function<String, ?> parser, String input) {
    try {
      Object result = parser.apply(input);
      throw new AssertionError("Expected an OutputParseException for '" + input + "', got " + result);
    } catch (OutputParseException e) {
      assertThat(e.getMessage()).hasSizeLessThan(500);
    }
  }

  private static String quote(String s) {
    StringBuilder out = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      if (c == '"' || c == '\\') {
        out.append('\\').append(c);
      } else if (c < 0x20) {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    return out.append('"').toString();
  }
}
