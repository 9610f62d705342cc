package dev.sparkcnn.model;

import dev.sparkcnn.refusal.InvalidDataException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.nd4j.linalg.api.buffer.DataBuffer;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * A model zip, checked before DL4J reads any of it. DL4J's restore would run Java deserialization
 * on a {@code preprocessor.bin} entry, allocate what each entry and each array header declares,
 * and parse whatever else the zip holds; a file of a few hundred bytes could run code or claim
 * gigabytes. This reads every entry itself, with caps, admits only the entries spark-cnn writes,
 * checks that each ND4J array's header declares no more bytes than follow it, and hands DL4J a
 * zip rebuilt from those entries alone. Nothing here or after it deserializes Java objects.
 */
public final class ModelZip {
  /** The largest entry read, bytes: a 27M-parameter network with Adam's state is about 330 MB. */
  public static final long MAX_ENTRY_BYTES = 1L << 30;
  /** The most entries a model zip may have. */
  public static final int MAX_ENTRIES = 32;

  public static final String CONFIGURATION = "configuration.json";
  static final String COEFFICIENTS = "coefficients.bin";
  static final String UPDATER = "updaterState.bin";
  static final String NO_PARAMS = "noParams.marker";
  /** DL4J's entries that spark-cnn writes and reads; the Java-serialized preprocessor.bin and normalizer.bin are not among them. */
  private static final Set<String> DL4J_ENTRIES = Set.of(CONFIGURATION, COEFFICIENTS, UPDATER, NO_PARAMS);
  /** spark-cnn's own entries (input schema, provenance), read by their own readers. */
  private static final String OWN_PREFIX = "spark-cnn/";
  /** ND4J's shape information: rank 32 at most, 2 x rank + 4 longs. */
  private static final long MAX_SHAPE_INFO = 2 * 32 + 4;

  private final Map<String, byte[]> entries;

  private ModelZip(Map<String, byte[]> entries) {
    this.entries = entries;
  }

  /**
   * Reads and checks {@code zip}.
   *
   * @param source what messages call the file
   * @throws InvalidDataException naming {@code source} and what is wrong, when it is no model zip
   *     spark-cnn reads
   */
  public static ModelZip read(byte[] zip, String source) throws InvalidDataException {
    Map<String, byte[]> entries = new LinkedHashMap<>();
    try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
      for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
        String name = e.getName();
        if (e.isDirectory()) {
          continue;
        }
        if (!DL4J_ENTRIES.contains(name) && !name.startsWith(OWN_PREFIX)) {
          throw new InvalidDataException(source, "holds the entry '" + printable(name) + "', which spark-cnn neither writes "
              + "nor reads" + (name.endsWith(".bin") ? " (DL4J would deserialize it as a Java object)" : "")
              + "; expected only " + DL4J_ENTRIES + " and " + OWN_PREFIX + "*");
        }
        if (entries.containsKey(name)) {
          throw new InvalidDataException(source, "holds the entry '" + name + "' twice");
        }
        if (entries.size() == MAX_ENTRIES) {
          throw new InvalidDataException(source, "holds more than " + MAX_ENTRIES + " entries");
        }
        entries.put(name, readCapped(in, source, name));
      }
    } catch (InvalidDataException e) {
      throw e;
    } catch (IOException | IllegalArgumentException e) {
      throw new InvalidDataException(source, "is not a readable zip file: " + e.getMessage());
    }
    if (entries.isEmpty()) {
      throw new InvalidDataException(source, "is not a model zip: it is empty or not a zip file at all");
    }
    if (!entries.containsKey(CONFIGURATION)) {
      throw new InvalidDataException(source, "is not a model zip: it has no " + CONFIGURATION);
    }
    if (!entries.containsKey(COEFFICIENTS) && !entries.containsKey(NO_PARAMS)) {
      throw new InvalidDataException(source, "is not a model zip: it has no " + COEFFICIENTS);
    }
    for (String array : new String[] {COEFFICIENTS, UPDATER}) {
      if (entries.containsKey(array)) {
        checkArray(entries.get(array), source, array);
      }
    }
    return new ModelZip(entries);
  }

  /** The content of an entry, if the zip has it. */
  public byte[] entry(String name) {
    return entries.get(name);
  }

  /** DL4J's configuration JSON. */
  String configurationJson() {
    return new String(entries.get(CONFIGURATION), StandardCharsets.UTF_8);
  }

  /**
   * A zip of DL4J's checked entries only, for DL4J's reader, with {@code configurationJson} as its
   * configuration; without the updater's state unless asked.
   */
  InputStream forDl4j(boolean withUpdater, String configurationJson) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream out = new ZipOutputStream(bytes)) {
      for (Map.Entry<String, byte[]> e : entries.entrySet()) {
        if (DL4J_ENTRIES.contains(e.getKey()) && (withUpdater || !e.getKey().equals(UPDATER))) {
          out.putNextEntry(new ZipEntry(e.getKey()));
          out.write(e.getKey().equals(CONFIGURATION) ? configurationJson.getBytes(StandardCharsets.UTF_8) : e.getValue());
          out.closeEntry();
        }
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot build a zip in memory", e);
    }
    return new ByteArrayInputStream(bytes.toByteArray());
  }

  /** An entry's bytes, read in blocks up to {@link #MAX_ENTRY_BYTES}, whatever size its header claims. */
  private static byte[] readCapped(InputStream in, String source, String name) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] block = new byte[1 << 16];
    long total = 0;
    for (int n = in.read(block); n > 0; n = in.read(block)) {
      total += n;
      if (total > MAX_ENTRY_BYTES) {
        throw new InvalidDataException(source, "entry '" + name + "' is larger than " + MAX_ENTRY_BYTES + " bytes");
      }
      out.write(block, 0, n);
    }
    return out.toByteArray();
  }

  /**
   * ND4J's array format, as {@code Nd4j.read} reads it: the shape information's buffer, then the
   * data's, each a header (allocation mode, element count, data type) and its elements. Refuses a
   * header that declares more elements than the bytes after it hold, or a type ND4J would decompress.
   */
  static void checkArray(byte[] bytes, String source, String name) throws InvalidDataException {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
      long[] shape = header(in, source, name);
      if (shape[1] != DataType.LONG.ordinal() || shape[0] < 4 || shape[0] > MAX_SHAPE_INFO) {
        throw new InvalidDataException(source, "entry '" + name + "' is no ND4J array: its shape information holds "
            + shape[0] + " " + DataType.values()[(int) shape[1]] + " values");
      }
      long shapeBytes = shape[0] * Long.BYTES;
      if (in.skip(shapeBytes) != shapeBytes) {
        throw new InvalidDataException(source, "entry '" + name + "' ends inside its shape information");
      }
      long[] data = header(in, source, name);
      DataType type = DataType.values()[(int) data[1]];
      if (type != DataType.FLOAT && type != DataType.DOUBLE && type != DataType.HALF && type != DataType.BFLOAT16) {
        throw new InvalidDataException(source, "entry '" + name + "' holds " + type + " values; expected floating point");
      }
      long left = in.available();
      if (data[0] < 0 || data[0] > left / type.width() || data[0] * type.width() != left) {
        throw new InvalidDataException(source, "entry '" + name + "' declares " + data[0] + " " + type + " values but holds "
            + left + " bytes of them");
      }
    } catch (InvalidDataException e) {
      throw e;
    } catch (IOException | IllegalArgumentException | ArrayIndexOutOfBoundsException e) {
      throw new InvalidDataException(source, "entry '" + name + "' is no ND4J array: " + e.getMessage());
    }
  }

  /** One buffer's header: {element count, data type ordinal}. */
  private static long[] header(DataInputStream in, String source, String name) throws IOException {
    DataBuffer.AllocationMode mode = DataBuffer.AllocationMode.valueOf(in.readUTF());
    long length = mode.ordinal() < 3 ? in.readInt() : in.readLong();
    DataType type = DataType.valueOf(in.readUTF());
    return new long[] {length, type.ordinal()};
  }

  /** A name as messages may show it: printable ASCII, at most 80 characters. */
  private static String printable(String name) {
    String clean = name.replaceAll("[^\\x20-\\x7e]", "?");
    return clean.length() > 80 ? clean.substring(0, 80) + "..." : clean;
  }
}
