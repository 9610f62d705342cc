package dev.sparkcnn.driver.output;

import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * What made a saved model or a run: the versions of spark-cnn, DL4J, Spark and Java in this JVM,
 * recorded beside the config, the data fingerprint and the class names, so that a model found
 * months later says what it needs to be read and retrained.
 *
 * @param sparkCnn spark-cnn's version (its Maven version)
 * @param dl4j the DL4J/ND4J version on the classpath
 * @param spark the Spark version on the classpath
 * @param java the JVM's version
 */
public record Provenance(String sparkCnn, String dl4j, String spark, String java) {

  /** This JVM's versions. */
  public static Provenance current() {
    return new Provenance(
        property("/dev/sparkcnn/driver/version.properties", "version"),
        property("/META-INF/maven/org.deeplearning4j/deeplearning4j-nn/pom.properties", "version"),
        org.apache.spark.package$.MODULE$.SPARK_VERSION(),
        System.getProperty("java.version"));
  }

  /** As JSON fields. */
  public Map<String, Object> toJson() {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("sparkCnn", sparkCnn);
    json.put("dl4j", dl4j);
    json.put("spark", spark);
    json.put("java", java);
    return json;
  }

  /** One line for {@code --version}. */
  public String line() {
    return "spark-cnn " + sparkCnn + " (DL4J " + dl4j + ", Spark " + spark + ", Java " + java + ")";
  }

  private static String property(String resource, String key) {
    try (InputStream in = Provenance.class.getResourceAsStream(resource)) {
      if (in == null) {
        return "unknown";
      }
      Properties properties = new Properties();
      properties.load(in);
      return properties.getProperty(key, "unknown");
    } catch (IOException e) {
      return "unknown";
    }
  }
}
