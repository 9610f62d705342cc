package dev.sparkcnn.driver.train;

import dev.sparkcnn.driver.config.TrainingConfig;
import java.util.List;
import org.apache.spark.storage.StorageLevel;
import org.deeplearning4j.spark.api.RDDTrainingApproach;
import org.deeplearning4j.spark.api.Repartition;
import org.deeplearning4j.spark.api.TrainingHook;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingMaster;

/** The one place that turns the training config into dl4j-spark's parameter-averaging master. */
public final class TrainingMasterFactory {
  private TrainingMasterFactory() {}

  /**
   * @param workers resolved worker count (the config's 0 already replaced by Spark's parallelism)
   * @param splitSeed dl4j-spark's seed for splitting what it is given into rounds; TrainJob gives it
   *     one round at a time, so it splits nothing, but nothing is left to the clock either
   * @param hooks run on the workers around every minibatch
   * @param collectStats whether dl4j-spark times every phase ({@code training.trainingStats}); only
   *     ever true where its clock is the system's ({@link JvmSetupHook#systemClockConfigured}), as
   *     its default clock asks pool.ntp.org
   */
  public static ParameterAveragingTrainingMaster create(TrainingConfig training, int workers, long splitSeed,
      List<TrainingHook> hooks, boolean collectStats) {
    // Each RDD element is one ready minibatch of batchSizePerWorker images.
    return new ParameterAveragingTrainingMaster.Builder(workers, training.batchSizePerWorker())
        .batchSizePerWorker(training.batchSizePerWorker())
        .averagingFrequency(training.averagingFrequency())
        .workerPrefetchNumBatches(training.prefetchBatches())
        .saveUpdater(true)
        .rddTrainingApproach(RDDTrainingApproach.Direct)
        // Fed one round at a time, laid out one partition per worker (EpochRounds): nothing to move.
        .repartionData(Repartition.Never)
        // The rounds come from the epoch's cache (EpochRounds); a second cache per round would
        // only cost Spark's size estimate of every minibatch.
        .storageLevel(StorageLevel.NONE())
        .rngSeed(splitSeed)
        .trainingHooks(hooks)
        .collectTrainingStats(collectStats)
        .build();
  }
}
