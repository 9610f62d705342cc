package dev.sparkcnn.scoring;

import dev.sparkcnn.data.MinibatchAssembler;
import dev.sparkcnn.model.CnnNetwork;
import dev.sparkcnn.model.InputSchema;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * Scores with DL4J. A DL4J network's forward pass is not safe to share between threads, so each
 * thread that scores reads its own copy of the model, once.
 */
public final class Dl4jScorer implements Scorer {
  private final byte[] modelZip;
  private final MinibatchAssembler assembler;
  private final ThreadLocal<CnnNetwork> networks;

  /** @param modelZip the model.zip the network was saved as */
  public Dl4jScorer(byte[] modelZip, InputSchema schema) {
    this.modelZip = modelZip;
    this.assembler = new MinibatchAssembler(schema.shape(), schema.numClasses());
    this.networks = ThreadLocal.withInitial(this::read);
  }

  private CnnNetwork read() {
    try {
      return CnnNetwork.read(modelZip, false);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public float[][] probabilities(List<byte[]> images) {
    return networks.get().output(assembler.features(images)).toFloatMatrix();
  }
}
