package dev.steward.observe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.within;

import dev.steward.observe.PrometheusText.Sample;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class PrometheusTextTest {
  @Test
  @DisplayName("reads what node_exporter serves: summaries, labelled counters, exponents, every series once")
  void readsNodeExporter() {
    List<Sample> samples = PrometheusText.parse(Samples.read("prometheus/node-exporter-1.5.0.txt"));

    assertThat(samples).hasSize(140);
    assertThat(samples.get(0)).isEqualTo(new Sample("go_gc_duration_seconds", Map.of("quantile", "0"), 0));
    assertThat(samples).contains(new Sample("go_info", Map.of("version", "go1.19.8"), 1));
    assertThat(PrometheusText.sum(samples, "node_memory_MemTotal_bytes")).hasValue(2.5275973632e+10);
    assertThat(PrometheusText.sum(samples, "node_load1")).isPresent();
    assertThat(samples).filteredOn(s -> s.name().equals("node_cpu_seconds_total")).hasSize(16)
        .allSatisfy(s -> assertThat(s.labels()).containsOnlyKeys("cpu", "mode"));
  }

  @Test
  @DisplayName("reads what the Python client serves: escaped label values, NaN, +Inf, -Inf, histograms")
  void readsThePythonClient() {
    List<Sample> samples = PrometheusText.parse(Samples.read("prometheus/python-client-0.16.0.txt"));

    assertThat(samples).contains(
        new Sample("http_requests_total", Map.of("code", "404", "path", "/a \"quoted\" \\path\nwith a newline"), 2),
        new Sample("http_requests_total", Map.of("code", "500", "path", "/ünïcode"), 1),
        new Sample("queue_depth", Map.of("queue", "slow"), Double.NaN),
        new Sample("queue_depth", Map.of("queue", "huge"), Double.POSITIVE_INFINITY),
        new Sample("queue_depth", Map.of("queue", "tiny"), Double.NEGATIVE_INFINITY),
        new Sample("queue_depth", Map.of("queue", "small"), 1.5e-12),
        new Sample("request_seconds_bucket", Map.of("le", "+Inf"), 4),
        new Sample("request_seconds_sum", Map.of(), 5.555));
    assertThat(PrometheusText.sum(samples, "http_requests_total")).hasValue(44);
    assertThat(PrometheusText.sum(samples, "state")).hasValue(1);
  }

  @Test
  @DisplayName("keeps labels in the order they came, timestamps, and blanks and tabs between tokens")
  void readsTheFinerPoints() {
    List<Sample> samples = PrometheusText.parse("""
        # a comment that is neither HELP nor TYPE
          metric_a{ z = "1" ,\ta="2", } \t 7 1395066363000
        metric_b{} -3.5E-2 -12
        metric_c .5

        metric_d 2.\r
        """);

    assertThat(samples).containsExactly(
        new Sample("metric_a", Map.of("z", "1", "a", "2"), 7, OptionalLong.of(1395066363000L)),
        new Sample("metric_b", Map.of(), -0.035, OptionalLong.of(-12)),
        new Sample("metric_c", Map.of(), 0.5),
        new Sample("metric_d", Map.of(), 2));
    assertThat(samples.get(0).labels().keySet()).containsExactly("z", "a");
  }

  @Test
  @DisplayName("sums every series of one name, whatever their labels, and nothing for a name not there")
  void sumsOneMetric() {
    List<Sample> samples = PrometheusText.parse("""
        requests{code="200"} 40
        requests{code="500"} 2
        requests_total 1000
        in_flight NaN
        """);

    assertThat(PrometheusText.sum(samples, "requests")).hasValue(42);
    assertThat(PrometheusText.sum(samples, "requests_total")).hasValue(1000);
    assertThat(PrometheusText.sum(samples, "in_flight").getAsDouble()).isNaN();
    assertThat(PrometheusText.sum(samples, "absent")).isEqualTo(OptionalDouble.empty());
    assertThat(PrometheusText.sum(List.of(), "requests")).isEmpty();
    assertThat(PrometheusText.sum(samples, "requests").getAsDouble()).isCloseTo(42, within(0.0));
  }

  @Test
  @DisplayName("says which line is wrong and how, quoting only a short printable start of it")
  void namesTheLineAndTheProblem() {
    assertProblem("ok 1\nok_2 2\n{a=\"b\"} 3\n", 3, "expected a sample such as 'name{label=\"value\"} 1', found '{a=\"b\"} 3'");
    assertProblem("m{a=\"b\"}\n", 1, "expected a value (a number, NaN, +Inf or -Inf) after the name, found nothing");
    assertProblem("m 12abc\n", 1, "expected a value (a number, NaN, +Inf or -Inf) after the name, found '12abc'");
    assertProblem("m 0x10\n", 1, "found '0x10'");
    assertProblem("m{a=\"b\\t\"} 1", 1, "expected \\\\, \\\" or \\n in a label value, found '\\t\"} 1'");
    assertProblem("m{a=\"b} 1", 1, "expected a closing '\"' of a label value, found the end of the line");
    assertProblem("m{a=\"1\" b=\"2\"} 1", 1, "expected ',' or '}' after the label a, found 'b=\"2\"} 1'");
    assertProblem("m{a=\"1\",a=\"2\"} 1", 1, "expected each label once, found a twice");
    assertProblem("m{1a=\"1\"} 1", 1, "expected a label name or '}', found '1a=\"1\"} 1'");
    assertProblem("m{a:b=\"1\"} 1", 1, "expected a label name or '}'");
    assertProblem("m{a=1} 1", 1, "expected '\"', found '1} 1'");
    assertProblem("m 1 2 3", 1, "expected the line to end after the timestamp, found '3'");
    assertProblem("m 1 1.5", 1, "expected a timestamp in milliseconds after the value, found '1.5'");
    assertProblem("m 1 99999999999999999999", 1, "expected a timestamp in milliseconds");
    assertProblem("m 1 9999999999999999999", 1, "expected a timestamp that fits in 64 bits");
    assertProblem("m{a=\"1\",b=\"2\"} 1\nm{b=\"2\",a=\"1\"} 2", 2, "expected each series once, found 'm{b=2, a=1}' again");
    assertProblem("# TYPE m gauge\n# TYPE m counter\n", 2, "expected one # TYPE line for m, found a second");
    assertProblem("# TYPE m meter\n", 1, "expected the type of m (counter, gauge, histogram, summary or untyped), found 'meter'");
    assertProblem("# TYPE m gauge extra\n", 1, "expected the line to end after the type of m, found 'extra'");
    assertProblem("# HELP 9m help\n", 1, "expected a metric name after # HELP, found '9m'");
    assertProblem("# TYPE\n", 1, "expected a metric name after # TYPE, found ''");

    String long_ = "m " + "9".repeat(500) + "x";
    OutputParseException e = catchThrowableOfType(() -> PrometheusText.parse(long_), OutputParseException.class);
    assertThat(e.getMessage()).hasSizeLessThan(250).endsWith("...'");
    OutputParseException control = catchThrowableOfType(() -> PrometheusText.parse("m\u0001 1"), OutputParseException.class);
    assertThat(control.getMessage()).contains("m\\x01 1").doesNotContain("\u0001");
  }

  @Test
  @DisplayName("reads empty text, and text of comments only, as no samples")
  void readsNothingFromNothing() {
    assertThat(PrometheusText.parse("")).isEmpty();
    assertThat(PrometheusText.parse("\n\n# HELP m nothing yet\n# TYPE m counter\n")).isEmpty();
  }

  private static void assertProblem(String text, int line, String problem) {
    OutputParseException e = catchThrowableOfType(() -> PrometheusText.parse(text), OutputParseException.class);

    assertThat(e).as(text).isNotNull();
    assertThat(e.line()).as(text).isEqualTo(line);
    assertThat(e.source()).isEqualTo(PrometheusText.SOURCE);
    assertThat(e.getMessage()).as(text).startsWith("Cannot read the output of a Prometheus metrics endpoint at line " + line + ": ")
        .contains(problem);
  }
}
