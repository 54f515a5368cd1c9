package dev.steward.proxmox.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Perl's JSON, read leniently: numbers as strings, booleans as 0/1, strings or true/false. */
class LenientTest {
  private static JsonNode json(String text) throws IOException {
    return new ObjectMapper().readTree(text);
  }

  @Test
  @DisplayName("numbers come as numbers or numeric strings; anything else is absent")
  void readsNumbers() throws IOException {
    JsonNode item = json("{\"a\":310,\"b\":\"310\",\"c\":\"2100.000\",\"d\":2.9,\"e\":\"x\",\"f\":null,\"g\":[1],\"h\":\" 42 \"}");

    assertThat(Lenient.integer(item, "a")).hasValue(310);
    assertThat(Lenient.integer(item, "b")).hasValue(310);
    assertThat(Lenient.integer(item, "c")).hasValue(2100);
    assertThat(Lenient.decimal(item, "c")).hasValue(2100.0);
    assertThat(Lenient.integer(item, "d")).hasValue(2);
    assertThat(Lenient.integer(item, "e")).isEmpty();
    assertThat(Lenient.integer(item, "f")).isEmpty();
    assertThat(Lenient.integer(item, "g")).isEmpty();
    assertThat(Lenient.integer(item, "h")).hasValue(42);
    assertThat(Lenient.integer(item, "missing")).isEmpty();
    assertThat(Lenient.int32(json("{\"a\":9999999999}"), "a")).isEmpty();
  }

  @Test
  @DisplayName("booleans come as 0/1, \"0\"/\"1\" or true/false")
  void readsBooleans() throws IOException {
    JsonNode item = json("{\"a\":1,\"b\":0,\"c\":\"1\",\"d\":\"0\",\"e\":true,\"f\":false,\"g\":\"yes\",\"h\":\"true\"}");

    assertThat(Lenient.flag(item, "a")).hasValue(true);
    assertThat(Lenient.flag(item, "b")).hasValue(false);
    assertThat(Lenient.flag(item, "c")).hasValue(true);
    assertThat(Lenient.flag(item, "d")).hasValue(false);
    assertThat(Lenient.flag(item, "e")).hasValue(true);
    assertThat(Lenient.flag(item, "f")).hasValue(false);
    assertThat(Lenient.flag(item, "g")).isEmpty();
    assertThat(Lenient.flag(item, "h")).hasValue(true);
    assertThat(Lenient.flagOr(item, "missing", true)).isTrue();
  }

  @Test
  @DisplayName("text comes from strings and numbers, not from objects or arrays")
  void readsText() throws IOException {
    JsonNode item = json("{\"a\":\"x\",\"b\":5,\"c\":{},\"d\":[]}");

    assertThat(Lenient.text(item, "a")).hasValue("x");
    assertThat(Lenient.text(item, "b")).hasValue("5");
    assertThat(Lenient.text(item, "c")).isEmpty();
    assertThat(Lenient.text(item, "d")).isEmpty();
  }
}
