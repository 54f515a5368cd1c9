package dev.steward.proxmox.simulator.internal.http;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Decodes {@code application/x-www-form-urlencoded} text, as query strings and login forms are
 * sent: {@code +} is a space, {@code %XX} a byte of UTF-8. Stateless.
 */
public final class FormData {
  private FormData() {}

  /** Each name with its values in the order given; a name without {@code =} has the value "". */
  public static Map<String, List<String>> parse(String encoded) {
    Map<String, List<String>> fields = new LinkedHashMap<>();
    if (encoded.isEmpty()) {
      return fields;
    }
    for (String pair : encoded.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int equals = pair.indexOf('=');
      String name = decode(equals < 0 ? pair : pair.substring(0, equals));
      String value = equals < 0 ? "" : decode(pair.substring(equals + 1));
      fields.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
    }
    return fields;
  }

  private static String decode(String text) {
    try {
      return URLDecoder.decode(text, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      // A stray '%' stays as it is, as Perl's URI unescaping leaves it.
      return text;
    }
  }
}
