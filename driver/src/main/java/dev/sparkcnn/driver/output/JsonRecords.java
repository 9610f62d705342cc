package dev.sparkcnn.driver.output;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sparkcnn.refusal.InvalidDataException;
import java.io.IOException;

/**
 * Reads the JSON records spark-cnn keeps in run folders and registries (manifests, versions,
 * pointers, leases). A record that does not parse is reported by its file and position only:
 * the message never quotes the file, which may hold anything.
 */
public final class JsonRecords {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static final String DAMAGED = "it was changed or damaged after spark-cnn wrote it";

  private JsonRecords() {}

  public static <T> T read(RunOutput output, String name, Class<T> type) throws IOException {
    return parse(output, name, json -> JSON.readValue(json, type), DAMAGED);
  }

  /** @param remedy what the user can do, appended to the message */
  public static <T> T read(RunOutput output, String name, Class<T> type, String remedy) throws IOException {
    return parse(output, name, json -> JSON.readValue(json, type), DAMAGED + "; " + remedy);
  }

  /** @param remedy what the user can do, appended to the message */
  public static <T> T read(RunOutput output, String name, TypeReference<T> type, String remedy) throws IOException {
    return parse(output, name, json -> JSON.readValue(json, type), DAMAGED + "; " + remedy);
  }

  private interface Parser<T> {
    T parse(byte[] json) throws IOException;
  }

  private static <T> T parse(RunOutput output, String name, Parser<T> parser, String remedy) throws IOException {
    byte[] json = output.read(name);
    try {
      return parser.parse(json);
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
      throw new InvalidDataException(output.uri(name), "is not a record spark-cnn reads (invalid or incomplete JSON" + where
          + "); " + remedy);
    } catch (IOException e) {
      throw new InvalidDataException(output.uri(name), "is not a record spark-cnn reads (" + e.getClass().getSimpleName() + "); "
          + remedy);
    }
  }
}
