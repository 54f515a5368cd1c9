package dev.steward.observe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.steward.observe.PrometheusText.Sample;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Samples written out in the text format read back exactly, however the writer spaces them; and
 * whatever else comes in, the reader gives samples or an {@link OutputParseException}.
 */
class PrometheusTextPropertyTest {
  private static final String NAME_START = "abcxyzABCXYZ_:";
  private static final String NAME_REST = NAME_START + "0123456789";

  @Property(tries = 500)
  @Label("samples rendered as text read back as the same samples, in order")
  void roundTrips(@ForAll("exposition") List<Sample> samples, @ForAll("blanks") String blank, @ForAll boolean trailingComma,
      @ForAll boolean crlf) {
    StringBuilder text = new StringBuilder();
    for (Sample sample : samples) {
      text.append("# HELP ").append(sample.name()).append(" some help with a \\\\ and a \\n\n");
      text.append(blank).append(sample.name());
      if (!sample.labels().isEmpty() || trailingComma) {
        List<String> pairs = new ArrayList<>();
        sample.labels().forEach((k, v) -> pairs.add(k + blank + "=" + blank + "\"" + escape(v) + "\""));
        text.append('{').append(String.join("," + blank, pairs)).append(trailingComma && !pairs.isEmpty() ? "," : "").append('}');
      }
      text.append(blank.isEmpty() ? " " : blank).append(render(sample.value()));
      sample.timestampMillis().ifPresent(t -> text.append(' ').append(t));
      text.append(blank).append(crlf ? "\r\n" : "\n");
    }

    assertThat(PrometheusText.parse(text.toString())).containsExactlyElementsOf(samples);
  }

  @Property(tries = 1000)
  @Label("any text gives samples or an OutputParseException with a short one-line message")
  void garbageGivesAParseError(@ForAll("garbage") String text) {
    Throwable thrown = catchThrowable(() -> PrometheusText.parse(text));
    if (thrown != null) {
      assertThat(thrown).isInstanceOf(OutputParseException.class);
      assertThat(thrown.getMessage()).startsWith("Cannot read the output of a Prometheus metrics endpoint at line ")
          .hasSizeLessThan(300)
          .doesNotContain("\n");
    }
  }

  @Provide
  Arbitrary<List<Sample>> exposition() {
    Arbitrary<String> name = Combinators.combine(
            Arbitraries.chars().with(NAME_START.toCharArray()),
            Arbitraries.strings().withChars(NAME_REST).ofMaxLength(12))
        .as((first, rest) -> first + rest);
    Arbitrary<String> labelName = Combinators.combine(
            Arbitraries.chars().with("abz_AZ".toCharArray()),
            Arbitraries.strings().withChars("abz_AZ09").ofMaxLength(8))
        .as((first, rest) -> first + rest);
    Arbitrary<String> labelValue = Arbitraries.oneOf(
        Arbitraries.strings().withChars("\\\"\n\r\t {},=# a1é😀").ofMaxLength(10),
        Arbitraries.strings().all().ofMaxLength(10));
    Arbitrary<Map<String, String>> labels = Arbitraries.maps(labelName, labelValue).ofMaxSize(4);
    Arbitrary<Double> value = Arbitraries.oneOf(
        Arbitraries.doubles(),
        Arbitraries.of(Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -0.0, 0.0, Double.MIN_VALUE,
            Double.MAX_VALUE, -Double.MAX_VALUE, 1e-300, 123456789012345678.0));
    Arbitrary<OptionalLong> timestamp = Arbitraries.oneOf(
        Arbitraries.just(OptionalLong.empty()),
        Arbitraries.longs().map(OptionalLong::of));
    return Combinators.combine(name, labels, value, timestamp).as(Sample::new)
        .list().ofMaxSize(8)
        .uniqueElements(s -> List.of(s.name(), s.labels()));
  }

  @Provide
  Arbitrary<String> blanks() {
    return Arbitraries.of("", " ", "\t", "  \t ");
  }

  @Provide
  Arbitrary<String> garbage() {
    String node = Samples.read("prometheus/node-exporter-1.5.0.txt");
    String python = Samples.read("prometheus/python-client-0.16.0.txt");
    Arbitrary<String> metricLike = Arbitraries.strings().withChars("ab_:{}=\",\\n# \t\n0123456789.eE+-InfNaHELPTYP").ofMaxLength(200);
    return Arbitraries.oneOf(Garbage.text(), metricLike, Garbage.damaged(python, node.substring(0, 2000)));
  }

  private static String escape(String value) {
    return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
  }

  private static String render(double value) {
    if (Double.isNaN(value)) {
      return "NaN";
    }
    if (Double.isInfinite(value)) {
      return value > 0 ? "+Inf" : "-Inf";
    }
    return Double.toString(value);
  }
}
