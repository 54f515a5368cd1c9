package dev.steward.spi.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SuggestionsTest {
  @Test
  void findsTheClosestNameWithinTheEditsAllowed() {
    List<String> fields = List.of("name", "count", "version", "command");

    assertThat(Suggestions.closest("cuont", fields, 2)).contains("count");
    assertThat(Suggestions.closest("versoin", fields, 2)).contains("version");
    assertThat(Suggestions.closest("zzzzzz", fields, 2)).isEmpty();
    assertThat(Suggestions.closest("x", List.of(), 2)).isEmpty();
  }

  @Test
  void editDistanceCountsInsertionsDeletionsAndSubstitutions() {
    assertThat(Suggestions.editDistance("kitten", "sitting")).isEqualTo(3);
    assertThat(Suggestions.editDistance("", "abc")).isEqualTo(3);
    assertThat(Suggestions.editDistance("same", "same")).isZero();
  }
}
