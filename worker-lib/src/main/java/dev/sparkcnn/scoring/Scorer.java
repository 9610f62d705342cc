package dev.sparkcnn.scoring;

import java.util.List;

/**
 * A trained network's forward pass: class probabilities for a minibatch of images, each fitted to
 * the network's input shape (8-bit pixels, CHW). Safe to call from several threads at once, so
 * that the tasks of one executor can share it.
 */
public interface Scorer extends AutoCloseable {
  /** One row of class probabilities per image, in order. */
  float[][] probabilities(List<byte[]> images);

  /** Frees what the engine holds outside the Java heap. */
  @Override
  default void close() {}
}
