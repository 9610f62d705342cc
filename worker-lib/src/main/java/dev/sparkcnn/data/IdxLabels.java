package dev.sparkcnn.data;

/** The contents of an idx1-ubyte label file: one unsigned byte per example. */
public record IdxLabels(String source, byte[] labels) {
  public int count() {
    return labels.length;
  }
}
