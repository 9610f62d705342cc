package dev.sparkcnn.data;

import dev.sparkcnn.model.ImageShape;
import java.io.Serializable;
import java.nio.FloatBuffer;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Turns labelled images into one ND4J minibatch: features NCHW in [0, 1], labels one-hot.
 * Serializable so that Spark can ship it to executors inside a closure.
 */
public final class MinibatchAssembler implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final float SCALE = 1f / 255f;

  private final ImageShape shape;
  private final int numClasses;

  public MinibatchAssembler(ImageShape shape, int numClasses) {
    this.shape = shape;
    this.numClasses = numClasses;
  }

  public DataSet assemble(List<LabeledImage> batch) {
    int n = batch.size();
    float[] labels = new float[n * numClasses];
    for (int i = 0; i < n; i++) {
      labels[i * numClasses + batch.get(i).label()] = 1f;
    }
    INDArray l = Nd4j.create(labels, new long[] {n, numClasses}, 'c');
    return new DataSet(features(batch.stream().map(LabeledImage::pixels).toList()), l);
  }

  /** The features alone, NCHW in [0, 1]: what a network scores when there are no labels. */
  public INDArray features(List<byte[]> images) {
    return Nd4j.create(scaled(images), new long[] {images.size(), shape.channels(), shape.height(), shape.width()}, 'c');
  }

  /** The features as one flat array, NCHW in [0, 1], for engines that take plain arrays. */
  public float[] scaled(List<byte[]> images) {
    int pixels = shape.pixels();
    float[] features = new float[images.size() * pixels];
    for (int i = 0; i < images.size(); i++) {
      scale(i, images.get(i), features, i * pixels);
    }
    return features;
  }

  /** Puts the features, NCHW in [0, 1], into {@code features} from its position on, an image at a time. */
  public void scaleInto(List<byte[]> images, FloatBuffer features) {
    float[] image = new float[shape.pixels()];
    for (int i = 0; i < images.size(); i++) {
      scale(i, images.get(i), image, 0);
      features.put(image);
    }
  }

  private void scale(int i, byte[] raw, float[] into, int offset) {
    int pixels = shape.pixels();
    if (raw.length != pixels) {
      throw new IllegalArgumentException("image " + i + " of the batch has " + raw.length
          + " pixels; expected " + pixels + " for shape " + shape);
    }
    for (int p = 0; p < pixels; p++) {
      into[offset + p] = (raw[p] & 0xff) * SCALE;
    }
  }

  public ImageShape shape() {
    return shape;
  }

  public int numClasses() {
    return numClasses;
  }
}
