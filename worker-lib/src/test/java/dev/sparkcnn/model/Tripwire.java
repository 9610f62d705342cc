package dev.sparkcnn.model;

import java.io.Serializable;

/**
 * A stand-in for a deserialization gadget: its static initializer runs when anything creates an
 * instance, as Java deserialization of it would. Tests name it only as a string, so that nothing
 * but a deserializer ever initializes it.
 */
final class Tripwire implements Serializable {
  static final String PROPERTY = "spark-cnn.test.tripwire";
  private static final long serialVersionUID = 1L;

  static {
    System.setProperty(PROPERTY, "tripped");
  }
}
