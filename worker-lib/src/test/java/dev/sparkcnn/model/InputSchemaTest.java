package dev.sparkcnn.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;

class InputSchemaTest {
  private static byte[] zipWith(byte[] entry) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
      zip.putNextEntry(new ZipEntry(InputSchema.ZIP_ENTRY));
      zip.write(entry);
      zip.closeEntry();
    }
    return bytes.toByteArray();
  }

  @Test
  void readsBackWhatItWrites() throws IOException {
    InputSchema schema = new InputSchema(new ImageShape(32, 24, 3), List.of("tulip", "daisy"), true);
    assertEquals(Optional.of(schema), InputSchema.readFrom(zipWith(schema.toJson()), "model.zip"));
  }

  @Test
  void refusesAFormatVersionItDoesNotKnowNamingTheModel() throws IOException {
    String future = "{\"formatVersion\": 2, \"height\": 28, \"width\": 28, \"channels\": 1, \"classNames\": [\"0\", \"1\"]}";
    IOException e = assertThrows(IOException.class,
        () -> InputSchema.readFrom(zipWith(future.getBytes(StandardCharsets.UTF_8)), "hdfs://nn/models/v7/model.zip"));
    assertTrue(e.getMessage().startsWith("hdfs://nn/models/v7/model.zip: spark-cnn/input-schema.json has format version 2"),
        e.getMessage());
  }
}
