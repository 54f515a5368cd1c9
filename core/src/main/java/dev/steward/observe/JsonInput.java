package dev.steward.observe;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Strict JSON reading for the parsers: a document is exactly one JSON value (anything after it is
 * an error), a key given twice in one object is an error (a tool never writes that, so it means the
 * text is not what we think), and no lenient extensions (comments, single quotes, NaN) are accepted.
 * Field accessors name the command, the place in the document and what was expected.
 */
final class JsonInput {
  private static final ObjectMapper STRICT = JsonMapper.builder(
          JsonFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build())
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .build();

  private final String source;

  JsonInput(String source) {
    this.source = source;
  }

  /** The whole of {@code text} as one JSON value; {@code what} says what was expected, for messages. */
  JsonNode read(String text, String what) {
    try {
      JsonNode node = STRICT.readTree(text);
      if (node == null || node.isMissingNode()) {
        throw new OutputParseException(source, 0, "expected " + what + ", found no output");
      }
      return node;
    } catch (JsonProcessingException e) {
      throw notJson(text, e, what, 0);
    }
  }

  /** Like {@link #read} for one line of a multi-line output, reporting that line. */
  JsonNode readLine(String line, int lineNumber, String what) {
    try {
      JsonNode node = STRICT.readTree(line);
      if (node == null || node.isMissingNode()) {
        throw new OutputParseException(source, lineNumber, "expected " + what + ", found an empty line");
      }
      return node;
    } catch (JsonProcessingException e) {
      throw notJson(line, e, what, lineNumber);
    }
  }

  private OutputParseException notJson(String text, JsonProcessingException e, String what, int lineNumber) {
    JsonLocation at = e.getLocation();
    int line = lineNumber > 0 ? lineNumber : at == null ? 0 : Math.max(0, at.getLineNr());
    long offset = at == null ? -1 : at.getCharOffset();
    String near = offset >= 0 && offset <= text.length()
        ? "; near '" + OutputParseException.excerpt(text, (int) Math.max(0, offset - 20)) + "'"
        : "";
    return new OutputParseException(source, line,
        "expected " + what + " but the text is not valid JSON (" + shortReason(e) + ")" + near, e);
  }

  /** Jackson's first line, cut short: it can quote the input, which a message must only excerpt. */
  private static String shortReason(JsonProcessingException e) {
    String message = e.getOriginalMessage() == null ? e.getClass().getSimpleName() : e.getOriginalMessage();
    int newline = message.indexOf('\n');
    return OutputParseException.excerpt(newline >= 0 ? message.substring(0, newline) : message, 0);
  }

  OutputParseException problem(String where, String problem) {
    return new OutputParseException(source, 0, (where.isEmpty() ? "" : where + ": ") + problem);
  }

  JsonNode object(JsonNode node, String where) {
    if (!node.isObject()) {
      throw problem(where, "expected a JSON object, found " + describe(node));
    }
    return node;
  }

  JsonNode array(JsonNode node, String where) {
    if (!node.isArray()) {
      throw problem(where, "expected a JSON array, found " + describe(node));
    }
    return node;
  }

  /** A field that must be there and be a string. */
  String text(JsonNode object, String field, String where) {
    JsonNode value = object.get(field);
    if (value == null || !value.isTextual()) {
      throw problem(where, "expected \"" + field + "\" to be a string, found " + describe(value));
    }
    return value.textValue();
  }

  /** A string field that may be absent or null. */
  Optional<String> optionalText(JsonNode object, String field, String where) {
    JsonNode value = object.get(field);
    if (value == null || value.isNull()) {
      return Optional.empty();
    }
    if (!value.isTextual()) {
      throw problem(where, "expected \"" + field + "\" to be a string, found " + describe(value));
    }
    return Optional.of(value.textValue());
  }

  /** A whole number that may be absent or null; accepts a number or a string of digits (older tools print every value as a string). */
  OptionalLong optionalInteger(JsonNode object, String field, String where) {
    JsonNode value = object.get(field);
    if (value == null || value.isNull()) {
      return OptionalLong.empty();
    }
    if (value.isIntegralNumber() && value.canConvertToLong()) {
      return OptionalLong.of(value.longValue());
    }
    if (value.isTextual() && value.textValue().matches("-?[0-9]{1,18}")) {
      return OptionalLong.of(Long.parseLong(value.textValue()));
    }
    throw problem(where, "expected \"" + field + "\" to be a whole number, found " + describe(value));
  }

  long integer(JsonNode object, String field, String where) {
    OptionalLong value = optionalInteger(object, field, where);
    if (value.isEmpty()) {
      throw problem(where, "expected \"" + field + "\" to be a whole number, found " + describe(object.get(field)));
    }
    return value.getAsLong();
  }

  boolean bool(JsonNode object, String field, String where) {
    JsonNode value = object.get(field);
    if (value == null || !value.isBoolean()) {
      throw problem(where, "expected \"" + field + "\" to be true or false, found " + describe(value));
    }
    return value.booleanValue();
  }

  /** An object of string values, e.g. labels; absent or null gives an empty map. */
  Map<String, String> stringMap(JsonNode object, String field, String where) {
    JsonNode value = object.get(field);
    if (value == null || value.isNull()) {
      return Map.of();
    }
    if (!value.isObject()) {
      throw problem(where, "expected \"" + field + "\" to be an object of strings, found " + describe(value));
    }
    Map<String, String> out = new LinkedHashMap<>();
    var fields = value.fields();
    while (fields.hasNext()) {
      var entry = fields.next();
      if (!entry.getValue().isTextual()) {
        throw problem(where + "." + field, "expected \"" + entry.getKey() + "\" to be a string, found "
            + describe(entry.getValue()));
      }
      out.put(entry.getKey(), entry.getValue().textValue());
    }
    return out;
  }

  static String describe(JsonNode node) {
    if (node == null || node.isMissingNode()) {
      return "nothing (the key is absent)";
    }
    switch (node.getNodeType()) {
      case OBJECT:
        return "an object";
      case ARRAY:
        return "an array";
      case STRING:
        return "the string \"" + OutputParseException.excerpt(node.textValue(), 0) + "\"";
      case NUMBER:
        return "the number " + OutputParseException.excerpt(node.asText(), 0);
      case BOOLEAN:
        return node.asText();
      case NULL:
        return "null";
      default:
        return node.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
    }
  }
}
