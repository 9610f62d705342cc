package dev.sparkcnn.driver.train;

import dev.sparkcnn.driver.config.TrainingConfig;
import java.util.List;
import org.apache.spark.storage.StorageLevel;
import org.deeplearning4j.spark.api.RDDTrainingApproach;
import org.deeplearning4j.spark.api.Repartition;
import org.deeplearning4j.spark.api.TrainingHook;
import org.deeplearning4j.spark.api.TrainingMaster;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingMaster;
import org.deeplearning4j.spark.impl.repartitioner.NoOpRepartitioner;
import org.deeplearning4j.spark.parameterserver.training.SharedTrainingMaster;
import org.nd4j.parameterserver.distributed.conf.VoidConfiguration;

/** The one place that turns the training config into a dl4j-spark training master. */
public final class TrainingMasterFactory {
  private TrainingMasterFactory() {}

  /**
   * The master {@code training.mode} names.
   *
   * @param workers resolved worker count (the config's 0 already replaced by Spark's parallelism)
   * @param splitSeed dl4j-spark's seed for splitting what it is given into rounds; TrainJob gives it
   *     one round at a time, so it splits nothing, but nothing is left to the clock either
   * @param hooks run on the workers around every minibatch; parameter averaging only, as
   *     SharedTrainingMaster's workers take no hooks
   * @param collectStats whether dl4j-spark times every phase ({@code training.trainingStats}); only
   *     ever true where its clock is the system's ({@link JvmSetupHook#systemClockConfigured}), as
   *     its default clock asks pool.ntp.org
   * @param driverHost the address executors reach the driver at ({@code spark.driver.host}), the
   *     gradient-sharing mesh's root
   * @param workersPerExecutor trainers in each executor JVM, for gradient sharing
   */
  public static TrainingMaster<?, ?> create(TrainingConfig training, int workers, long splitSeed,
      List<TrainingHook> hooks, boolean collectStats, String driverHost, int workersPerExecutor) {
    return switch (training.mode()) {
      case AVERAGING -> averaging(training, workers, splitSeed, hooks, collectStats);
      case SHARING -> sharing(training, splitSeed, driverHost, workersPerExecutor);
    };
  }

  /**
   * dl4j-spark's parameter averaging, summing the workers' results in partition order
   * ({@link OrderedAveragingTrainingMaster}); also what evaluation runs through, whatever the mode.
   */
  public static ParameterAveragingTrainingMaster averaging(TrainingConfig training, int workers, long splitSeed,
      List<TrainingHook> hooks, boolean collectStats) {
    // Each RDD element is one ready minibatch of batchSizePerWorker images.
    return new OrderedAveragingTrainingMaster(new ParameterAveragingTrainingMaster.Builder(workers,
        training.batchSizePerWorker())
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
        .collectTrainingStats(collectStats), training.executorSumFrom());
  }

  private static SharedTrainingMaster sharing(TrainingConfig training, long splitSeed, String driverHost,
      int workersPerExecutor) {
    VoidConfiguration.VoidConfigurationBuilder mesh = VoidConfiguration.builder()
        .unicastPort(training.sharingPort())
        .portSupplier(new ExecutorPortSupplier(training.sharingPort()))
        .controllerAddress(driverHost);
    if (!training.sharingNetworkMask().isEmpty()) {
      mesh.networkMask(training.sharingNetworkMask());
    }
    return new SharedTrainingMaster.Builder(mesh.build(), training.batchSizePerWorker())
        .batchSizePerWorker(training.batchSizePerWorker())
        // An executor's tasks all feed the one trainer pool of its JVM: a trainer per task.
        .workersPerNode(workersPerExecutor)
        .workerPrefetchNumBatches(training.prefetchBatches())
        .rddTrainingApproach(RDDTrainingApproach.Direct)
        // Its default repartitioner splits the epoch into up to 5,000 partitions, and every task
        // starts a training round of its own, each with a fixed start-up cost: the epoch is laid out one
        // partition per worker already.
        .repartitioner(new NoOpRepartitioner())
        .storageLevel(StorageLevel.NONE())
        .rngSeed(splitSeed)
        .build();
  }
}
