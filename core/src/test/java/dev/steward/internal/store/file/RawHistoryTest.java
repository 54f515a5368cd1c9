package dev.steward.internal.store.file;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steward.Transition;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** A history kept as bytes reads and grows exactly as the decoded list would. */
class RawHistoryTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  private static Transition t(int i) {
    return new Transition(i == 0 ? Optional.empty() : Optional.of("S" + (i - 1)), "S" + i, "why \"" + i + "\" ] } [ {", T0.plusSeconds(i));
  }

  private static byte[] json(List<Transition> list) {
    StringBuilder out = new StringBuilder("[");
    for (Transition tr : list) {
      if (out.length() > 1) {
        out.append(',');
      }
      out.append(new String(RecordCodec.encodeTransition(tr), StandardCharsets.UTF_8));
    }
    return out.append(']').toString().getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void growsAndDropsItsOldestTransitionsLikeTheDecodedList() {
    for (int limit = 1; limit <= 4; limit++) {
      List<Transition> expected = new ArrayList<>();
      byte[] empty = json(List.of());
      RawHistory raw = RawHistory.of("k", empty, 0, empty.length);
      for (int i = 0; i < 7; i++) {
        raw = raw.plus(RecordCodec.encodeTransition(t(i)), limit);
        expected.add(t(i));
        if (expected.size() > limit) {
          expected.remove(0);
        }
        assertThat(raw).as("limit " + limit + " after " + (i + 1)).containsExactlyElementsOf(expected);
        assertThat(raw.json()).isEqualTo(json(expected));
        assertThat(raw.size()).isEqualTo(expected.size());
      }
    }
  }

  @Test
  void aDecodedHistoryIsEncodedOnceIntoTheSameBytesAndGrowsFromThere() {
    List<Transition> list = List.of(t(0), t(1), t(2));

    RawHistory raw = RawHistory.encode("k", list);

    assertThat(raw.json()).isEqualTo(json(list));
    assertThat(raw).containsExactlyElementsOf(list);
    assertThat(RawHistory.encode("k", raw)).isSameAs(raw);
    assertThat(raw.plus(RecordCodec.encodeTransition(t(3)), 3)).containsExactly(t(1), t(2), t(3));
    assertThat(RawHistory.encode("k", List.of()).json()).isEqualTo("[]".getBytes(StandardCharsets.UTF_8));
  }

  @ParameterizedTest
  @ValueSource(strings = {"[1]", "[{},]", "[,{}]", "[{}", "[{\"a\":\"]\"}", "[{}{}]", "[[]]", "[ {}]", "{}", "[\"x\"]"})
  void somethingOtherThanACompactArrayOfObjectsIsLeftToTheFullDecoder(String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);

    assertThat(RawHistory.of("k", bytes, 0, bytes.length)).isNull();
  }

  @Test
  void findsTheEndOfTheArrayPastBracketsAndEscapedQuotesInsideStrings() {
    byte[] bytes = "[{\"reason\":\"a \\\"]\\\" b\"},{\"x\":[{}]}]}".getBytes(StandardCharsets.UTF_8);
    int[] count = new int[1];

    assertThat(RawHistory.arrayEnd(bytes, 0, bytes.length, count)).isEqualTo(bytes.length - 1);
    assertThat(count[0]).isEqualTo(2);
  }
}
