package dev.steward.observe;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads the Prometheus text exposition format 0.0.4, what a {@code /metrics} endpoint serves:
 *
 * <pre>
 * # HELP http_requests_total Requests served.
 * # TYPE http_requests_total counter
 * http_requests_total{path="/a \"b\"",code="200"} 1027 1395066363000
 * queue_depth NaN
 * </pre>
 *
 * <p>A sample is a metric name, optional labels in braces (values in double quotes, with
 * {@code \\}, {@code \"} and {@code \n} escaped; a trailing comma is allowed), a value ({@code NaN},
 * {@code +Inf}, {@code -Inf} or a decimal number with an optional exponent) and an optional
 * timestamp in milliseconds. Tokens may be separated by spaces and tabs; blank lines are skipped.
 * {@code # HELP} and {@code # TYPE} lines are checked (a name, a known type, one TYPE per metric)
 * and skipped, as is any other comment: what a selector needs is the values. A histogram or
 * summary comes as its series ({@code _bucket}, {@code _sum}, {@code _count}), each a sample.
 *
 * <p>Thread-safe: no state.
 */
public final class PrometheusText {
  /** How messages name what is read. */
  public static final String SOURCE = "a Prometheus metrics endpoint";

  private static final Pattern METRIC_NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
  private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
  private static final Pattern NUMBER = Pattern.compile("[+-]?(?:[0-9]+(?:\\.[0-9]*)?|\\.[0-9]+)(?:[eE][+-]?[0-9]+)?");
  private static final Pattern TIMESTAMP = Pattern.compile("-?[0-9]{1,19}");
  private static final Set<String> TYPES = Set.of("counter", "gauge", "histogram", "summary", "untyped");

  private PrometheusText() {}

  /**
   * One series' value.
   *
   * @param name the metric name, e.g. {@code http_requests_total}
   * @param labels the labels in the order they came, unmodifiable; empty when there are none
   * @param value the value, which may be NaN or infinite
   * @param timestampMillis the sample's own time in milliseconds since the epoch, when it has one
   */
  public record Sample(String name, Map<String, String> labels, double value, OptionalLong timestampMillis) {
    public Sample {
      Objects.requireNonNull(name, "name");
      labels = Collections.unmodifiableMap(new LinkedHashMap<>(labels));
      Objects.requireNonNull(timestampMillis, "timestampMillis");
    }

    /** A sample without a timestamp. */
    public Sample(String name, Map<String, String> labels, double value) {
      this(name, labels, value, OptionalLong.empty());
    }
  }

  /**
   * The samples in {@code text}, in order.
   *
   * @throws OutputParseException for a line that is not a sample, a HELP or TYPE line that names no
   *     metric, an unknown or repeated TYPE, or the same series twice
   */
  public static List<Sample> parse(String text) {
    List<Sample> samples = new ArrayList<>();
    Map<String, String> types = new HashMap<>();
    Set<Series> seen = new HashSet<>();
    String[] lines = text.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].endsWith("\r") ? lines[i].substring(0, lines[i].length() - 1) : lines[i];
      Line cursor = new Line(line, i + 1);
      cursor.skipBlanks();
      if (cursor.atEnd()) {
        continue;
      }
      if (cursor.peek() == '#') {
        comment(cursor, types);
        continue;
      }
      Sample sample = sample(cursor);
      if (!seen.add(new Series(sample.name(), Map.copyOf(sample.labels())))) {
        throw cursor.problem("expected each series once, found '" + OutputParseException.excerpt(sample.name() + sample.labels(), 0)
            + "' again");
      }
      samples.add(sample);
    }
    return List.copyOf(samples);
  }

  /**
   * The sum of the values of every series named {@code name} (whatever their labels), or empty when
   * there is none. A NaN among them makes the sum NaN, as in PromQL's {@code sum}.
   */
  public static OptionalDouble sum(List<Sample> samples, String name) {
    Objects.requireNonNull(name, "name");
    boolean found = false;
    double sum = 0;
    for (Sample sample : samples) {
      if (sample.name().equals(name)) {
        found = true;
        sum += sample.value();
      }
    }
    return found ? OptionalDouble.of(sum) : OptionalDouble.empty();
  }

  private static void comment(Line cursor, Map<String, String> types) {
    cursor.expect('#');
    cursor.skipBlanks();
    String keyword = cursor.word();
    if (!keyword.equals("HELP") && !keyword.equals("TYPE")) {
      return;
    }
    cursor.skipBlanks();
    String name = cursor.word();
    if (!METRIC_NAME.matcher(name).matches()) {
      throw cursor.problem("expected a metric name after # " + keyword + ", found '" + OutputParseException.excerpt(name, 0) + "'");
    }
    if (keyword.equals("TYPE")) {
      cursor.skipBlanks();
      String type = cursor.word();
      if (!TYPES.contains(type)) {
        throw cursor.problem("expected the type of " + name + " (counter, gauge, histogram, summary or untyped), found '"
            + cursor.excerptAt(type) + "'");
      }
      cursor.skipBlanks();
      if (!cursor.atEnd()) {
        throw cursor.problem("expected the line to end after the type of " + name + ", found '" + cursor.excerpt() + "'");
      }
      if (types.putIfAbsent(name, type) != null) {
        throw cursor.problem("expected one # TYPE line for " + name + ", found a second");
      }
    }
  }

  private static Sample sample(Line cursor) {
    String name = cursor.name();
    if (!METRIC_NAME.matcher(name).matches()) {
      throw cursor.problem("expected a sample such as 'name{label=\"value\"} 1', found '" + cursor.excerptAt(name) + "'");
    }
    Map<String, String> labels = new LinkedHashMap<>();
    cursor.skipBlanks();
    if (!cursor.atEnd() && cursor.peek() == '{') {
      labels(cursor, labels);
      cursor.skipBlanks();
    }
    String valueText = cursor.word();
    double value = value(valueText, cursor);
    cursor.skipBlanks();
    OptionalLong timestamp = OptionalLong.empty();
    if (!cursor.atEnd()) {
      String stamp = cursor.word();
      if (!TIMESTAMP.matcher(stamp).matches()) {
        throw cursor.problem("expected a timestamp in milliseconds after the value, found '" + cursor.excerptAt(stamp) + "'");
      }
      try {
        timestamp = OptionalLong.of(Long.parseLong(stamp));
      } catch (NumberFormatException e) {
        throw cursor.problem("expected a timestamp that fits in 64 bits, found " + stamp);
      }
      cursor.skipBlanks();
      if (!cursor.atEnd()) {
        throw cursor.problem("expected the line to end after the timestamp, found '" + cursor.excerpt() + "'");
      }
    }
    return new Sample(name, labels, value, timestamp);
  }

  private static void labels(Line cursor, Map<String, String> labels) {
    cursor.expect('{');
    while (true) {
      cursor.skipBlanks();
      if (!cursor.atEnd() && cursor.peek() == '}') {
        cursor.expect('}');
        return;
      }
      String label = cursor.labelName();
      if (!LABEL_NAME.matcher(label).matches()) {
        throw cursor.problem("expected a label name or '}', found '" + cursor.excerptAt(label) + "'");
      }
      cursor.skipBlanks();
      cursor.expect('=');
      cursor.skipBlanks();
      String value = cursor.quoted();
      if (labels.putIfAbsent(label, value) != null) {
        throw cursor.problem("expected each label once, found " + label + " twice");
      }
      cursor.skipBlanks();
      if (!cursor.atEnd() && cursor.peek() == ',') {
        cursor.expect(',');
      } else if (cursor.atEnd() || cursor.peek() != '}') {
        throw cursor.problem("expected ',' or '}' after the label " + label + ", found '" + cursor.excerpt() + "'");
      }
    }
  }

  private static double value(String text, Line cursor) {
    // As Go's strconv.ParseFloat, which the Prometheus server reads values with: any case, and "infinity".
    switch (text.toLowerCase(Locale.ROOT)) {
      case "nan":
        return Double.NaN;
      case "inf", "+inf", "infinity", "+infinity":
        return Double.POSITIVE_INFINITY;
      case "-inf", "-infinity":
        return Double.NEGATIVE_INFINITY;
      default:
        if (!NUMBER.matcher(text).matches()) {
          throw cursor.problem("expected a value (a number, NaN, +Inf or -Inf) after the "
              + (text.isEmpty() ? "name, found nothing" : "name, found '" + cursor.excerptAt(text) + "'"));
        }
        return Double.parseDouble(text);
    }
  }

  /** A metric name with its labels, whatever their order: what must not come twice. */
  private record Series(String name, Map<String, String> labels) {}

  /** A position in one line. Not thread-safe. */
  private static final class Line {
    private final String text;
    private final int number;
    private int at;

    Line(String text, int number) {
      this.text = text;
      this.number = number;
    }

    boolean atEnd() {
      return at >= text.length();
    }

    char peek() {
      return text.charAt(at);
    }

    void skipBlanks() {
      while (!atEnd() && (peek() == ' ' || peek() == '\t')) {
        at++;
      }
    }

    void expect(char c) {
      if (atEnd() || peek() != c) {
        throw problem("expected '" + c + "', found '" + excerpt() + "'");
      }
      at++;
    }

    /** Characters up to a blank or the end. */
    String word() {
      int from = at;
      while (!atEnd() && peek() != ' ' && peek() != '\t') {
        at++;
      }
      return text.substring(from, at);
    }

    /** Characters up to a blank, '{' or the end. */
    String name() {
      int from = at;
      while (!atEnd() && peek() != ' ' && peek() != '\t' && peek() != '{') {
        at++;
      }
      return text.substring(from, at);
    }

    /** Characters up to a blank, '=', ',', '}' or the end. */
    String labelName() {
      int from = at;
      while (!atEnd() && " \t=,}".indexOf(peek()) < 0) {
        at++;
      }
      return text.substring(from, at);
    }

    /** A double-quoted label value, unescaped. */
    String quoted() {
      expect('"');
      StringBuilder value = new StringBuilder();
      while (true) {
        if (atEnd()) {
          throw problem("expected a closing '\"' of a label value, found the end of the line");
        }
        char c = text.charAt(at++);
        if (c == '"') {
          return value.toString();
        }
        if (c != '\\') {
          value.append(c);
          continue;
        }
        char escaped = atEnd() ? ' ' : text.charAt(at++);
        switch (escaped) {
          case '\\' -> value.append('\\');
          case '"' -> value.append('"');
          case 'n' -> value.append('\n');
          default -> throw problem("expected \\\\, \\\" or \\n in a label value, found '"
              + OutputParseException.excerpt(text, at - 2) + "'");
        }
      }
    }

    String excerpt() {
      return OutputParseException.excerpt(text, at);
    }

    /** An excerpt from where {@code word}, which ends at the cursor, starts. */
    String excerptAt(String word) {
      return OutputParseException.excerpt(text, at - word.length());
    }

    OutputParseException problem(String what) {
      return new OutputParseException(SOURCE, number, what);
    }
  }
}
