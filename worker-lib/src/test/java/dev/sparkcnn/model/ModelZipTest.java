package dev.sparkcnn.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sparkcnn.model.zoo.LeNet5;
import dev.sparkcnn.model.zoo.ModelCatalog;
import dev.sparkcnn.refusal.InvalidDataException;
import dev.sparkcnn.testdata.ZipEntries;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;

/** Model files from someone else: read without Java deserialization, with every allocation bounded. */
class ModelZipTest {
  private static byte[] lenet() throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    ModelCatalog.get(LeNet5.NAME).build(TestNetworks.mnist()).write(bytes, true);
    return bytes.toByteArray();
  }

  /**
   * A Java serialization stream of one {@link Tripwire}, written byte by byte from the protocol
   * (java.io.ObjectStreamConstants), so that writing it does not load the class.
   */
  private static byte[] serializedTripwire() throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(bytes);
    out.writeShort(0xaced);  // STREAM_MAGIC
    out.writeShort(5);  // STREAM_VERSION
    out.writeByte(0x73);  // TC_OBJECT
    out.writeByte(0x72);  // TC_CLASSDESC
    out.writeUTF("dev.sparkcnn.model.Tripwire");
    out.writeLong(1L);  // serialVersionUID
    out.writeByte(0x02);  // SC_SERIALIZABLE
    out.writeShort(0);  // no fields
    out.writeByte(0x78);  // TC_ENDBLOCKDATA
    out.writeByte(0x70);  // TC_NULL: no serializable superclass
    out.flush();
    return bytes.toByteArray();
  }

  @Test
  void aSavedNetworkReadsBackExactly() throws IOException {
    byte[] zip = lenet();
    CnnNetwork read = CnnNetwork.read(zip, true, "lenet.zip");
    assertEquals(CnnNetwork.read(new ByteArrayInputStream(zip), true).params(), read.params());
    assertTrue(read.updaterStateLength() > 0);
  }

  @Test
  void aSerializedObjectInTheZipIsRefusedWithoutBeingDeserialized() throws Exception {
    Map<String, byte[]> entries = ZipEntries.read(lenet());
    entries.put("preprocessor.bin", serializedTripwire());
    byte[] hostile = ZipEntries.write(entries);

    InvalidDataException e = assertThrows(InvalidDataException.class, () -> CnnNetwork.read(hostile, false, "upload.zip"));
    assertTrue(e.getMessage().startsWith("upload.zip: holds the entry 'preprocessor.bin', which spark-cnn neither writes nor "
        + "reads (DL4J would deserialize it as a Java object)"), e.getMessage());
    assertNull(System.getProperty(Tripwire.PROPERTY), "nothing in the zip was deserialized");

    // The control: DL4J's own reader deserializes the same entry, and the tripwire goes off.
    try {
      ModelSerializer.restoreMultiLayerNetwork(new ByteArrayInputStream(hostile), false);
    } catch (RuntimeException expected) {
      // a Tripwire is no preprocessor; DL4J fails only after deserializing it
    }
    assertEquals("tripped", System.getProperty(Tripwire.PROPERTY), "the payload is live: DL4J's restore runs it");
  }

  @Test
  void anArrayHeaderClaimingMoreThanTheFileHoldsIsRefusedBeforeAllocating() throws IOException {
    Map<String, byte[]> entries = ZipEntries.read(lenet());
    ByteArrayOutputStream forged = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(forged);
    out.writeUTF("MIXED_DATA_TYPES");
    out.writeLong(8);
    out.writeUTF("LONG");
    for (long v : new long[] {2, 1, 61_706, 61_706, 1, 0, 1, 99}) {
      out.writeLong(v);
    }
    out.writeUTF("MIXED_DATA_TYPES");
    out.writeLong(1L << 40);  // a terabyte of floats, in a file of a few hundred bytes
    out.writeUTF("FLOAT");
    out.writeFloat(1f);
    out.flush();
    entries.put("coefficients.bin", forged.toByteArray());
    InvalidDataException e = assertThrows(InvalidDataException.class,
        () -> CnnNetwork.read(ZipEntries.write(entries), false, "forged.zip"));
    assertEquals("forged.zip: entry 'coefficients.bin' declares 1099511627776 FLOAT values but holds 4 bytes of them",
        e.getMessage());
  }

  @Test
  void whatIsNoModelIsRefusedNamingTheFile() throws IOException {
    assertEquals("notes.txt: is not a model zip: it is empty or not a zip file at all", assertThrows(InvalidDataException.class,
        () -> CnnNetwork.read("hello".getBytes(StandardCharsets.UTF_8), false, "notes.txt")).getMessage());
    Map<String, byte[]> entries = ZipEntries.read(lenet());
    entries.remove("configuration.json");
    assertEquals("half.zip: is not a model zip: it has no configuration.json", assertThrows(InvalidDataException.class,
        () -> CnnNetwork.read(ZipEntries.write(entries), false, "half.zip")).getMessage());
    Map<String, byte[]> broken = ZipEntries.read(lenet());
    broken.put("configuration.json", "{\"backprop\": 12, \"confs\": \"x\"}".getBytes(StandardCharsets.UTF_8));
    InvalidDataException e = assertThrows(InvalidDataException.class, () -> CnnNetwork.read(ZipEntries.write(broken), false, "bad.zip"));
    assertTrue(e.getMessage().startsWith("bad.zip: holds a network DL4J cannot build"), e.getMessage());
  }
}
