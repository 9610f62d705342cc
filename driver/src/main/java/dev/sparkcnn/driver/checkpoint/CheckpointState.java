package dev.sparkcnn.driver.checkpoint;

import dev.sparkcnn.driver.output.MetricsLine;
import dev.sparkcnn.model.ImageShape;
import java.util.Map;

/**
 * What a checkpoint holds besides the network: enough to continue the run exactly where it
 * stopped. Stored as {@code checkpoints/epoch-NNNN.json} beside {@code epoch-NNNN.zip}.
 *
 * @param epoch the last epoch completed in full (1-based; 0 before the first)
 * @param segmentsDone segments of the next epoch already fitted (see {@code checkpoint.everyRounds});
 *     0 at an epoch's end
 * @param iterationCount minibatch iterations the driver's network has recorded
 * @param seed the run's seed; each epoch's shuffle and averaging splits derive from (seed, epoch)
 * @param input the image shape the network takes
 * @param elapsedSeconds wall-clock seconds the run had spent when the checkpoint was taken
 * @param modelSha256 SHA-256 of the model file, checked before a resume trusts it
 * @param config the resolved job config, in the YAML keys
 * @param createdAt ISO-8601 instant of writing
 * @param metrics the epoch's metrics.jsonl line, for an epoch-end checkpoint: a resume writes it
 *     again when a crash between the checkpoint and the line lost it; null for a mid-epoch
 *     checkpoint and for checkpoints written before it was kept
 * @param workers the worker count of the epoch in progress, for a mid-epoch checkpoint: a resume
 *     finishes that epoch with it, whatever the cluster's size, since its rounds were cut for it;
 *     0 at an epoch's end and in checkpoints written before it was kept
 */
public record CheckpointState(
    int epoch,
    int segmentsDone,
    int iterationCount,
    long seed,
    ImageShape input,
    double elapsedSeconds,
    String modelSha256,
    Map<String, Object> config,
    String createdAt,
    MetricsLine metrics,
    int workers) {

  /** This state with the checksum of the model file it describes. */
  public CheckpointState withModelSha256(String sha256) {
    return new CheckpointState(epoch, segmentsDone, iterationCount, seed, input, elapsedSeconds, sha256, config, createdAt,
        metrics, workers);
  }

  /** Where in the run this checkpoint stands, for messages. */
  public String position() {
    return segmentsDone == 0 ? "the end of epoch " + epoch
        : "epoch " + (epoch + 1) + " after " + segmentsDone + " segment(s) of checkpoint.everyRounds rounds";
  }
}
