package dev.steward;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** The version of this Steward library, e.g. {@code 0.1.0}, as written into documents it creates. */
public final class StewardVersion {
  private static final String VERSION = load();

  private StewardVersion() {}

  public static String current() {
    return VERSION;
  }

  private static String load() {
    try (InputStream in = StewardVersion.class.getResourceAsStream("version.properties")) {
      if (in == null) {
        return "unknown";
      }
      Properties properties = new Properties();
      properties.load(in);
      return properties.getProperty("version", "unknown");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
