package dev.sparkcnn.driver.output;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import org.apache.hadoop.conf.Configuration;

/**
 * The driver's Hadoop configuration, carried to executor code that runs outside Spark's data
 * sources (tune's parallel trials write their folders themselves), so that the application's
 * {@code spark.hadoop.*} settings (credentials, endpoints) reach it as they reach everything else.
 */
public final class PortableHadoopConf implements Serializable {
  private static final long serialVersionUID = 1L;
  private final byte[] written;

  public PortableHadoopConf(Configuration conf) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      conf.write(out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    this.written = bytes.toByteArray();
  }

  /** A fresh copy of the configuration. */
  public Configuration get() {
    Configuration conf = new Configuration(false);
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(written))) {
      conf.readFields(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return conf;
  }
}
