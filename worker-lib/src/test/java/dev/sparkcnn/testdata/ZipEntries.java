package dev.sparkcnn.testdata;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/** Zip files taken apart and put together again, for tests that forge model files. */
public final class ZipEntries {
  private ZipEntries() {}

  /** Every entry of {@code zip} by name, in the zip's order. */
  public static Map<String, byte[]> read(byte[] zip) throws IOException {
    Map<String, byte[]> entries = new LinkedHashMap<>();
    try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
      for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
        entries.put(e.getName(), in.readAllBytes());
      }
    }
    return entries;
  }

  /** A zip of {@code entries}, in their order. */
  public static byte[] write(Map<String, byte[]> entries) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream out = new ZipOutputStream(bytes)) {
      for (Map.Entry<String, byte[]> e : entries.entrySet()) {
        out.putNextEntry(new ZipEntry(e.getKey()));
        out.write(e.getValue());
        out.closeEntry();
      }
    }
    return bytes.toByteArray();
  }

  /** {@code zip} with the entry {@code name} added, or replaced, by {@code content}. */
  public static byte[] with(byte[] zip, String name, byte[] content) throws IOException {
    Map<String, byte[]> entries = read(zip);
    entries.put(name, content);
    return write(entries);
  }
}
