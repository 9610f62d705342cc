package dev.sparkcnn.driver.checkpoint;

import dev.sparkcnn.model.ImageShape;
import java.util.Map;

/**
 * What a checkpoint holds besides the network: enough to continue the run exactly where it
 * stopped. Stored as {@code checkpoints/epoch-NNNN.json} beside {@code epoch-NNNN.zip}.
 *
 * @param epoch the last epoch completed (1-based)
 * @param iterationCount minibatch iterations the driver's network has recorded
 * @param seed the run's seed; each epoch's shuffle and averaging splits derive from (seed, epoch)
 * @param input the image shape the network takes
 * @param elapsedSeconds wall-clock seconds the run had spent when the checkpoint was taken
 * @param modelSha256 SHA-256 of the model file, checked before a resume trusts it
 * @param config the resolved job config, in the YAML keys
 * @param createdAt ISO-8601 instant of writing
 */
public record CheckpointState(
    int epoch,
    int iterationCount,
    long seed,
    ImageShape input,
    double elapsedSeconds,
    String modelSha256,
    Map<String, Object> config,
    String createdAt) {}
