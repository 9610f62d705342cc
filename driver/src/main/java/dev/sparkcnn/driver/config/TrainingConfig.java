package dev.sparkcnn.driver.config;

import dev.sparkcnn.model.Optimizer;

/**
 * How to train: parameter averaging (or gradient sharing) over Spark workers.
 * {@code workers} 0 stands for {@code auto} ({@link dev.sparkcnn.driver.train.WorkerPlan}).
 *
 * <p>Each component is one setting (or a group of them); keys, units, defaults and rules are
 * declared once, in {@link Settings}, and listed by {@code spark-cnn config}.
 */
public record TrainingConfig(
    int epochs,
    int batchSizePerWorker,
    int averagingFrequency,
    int executorSumFrom,
    TrainingMode mode,
    int sharingPort,
    String sharingNetworkMask,
    int workers,
    int minWorkers,
    int maxWorkers,
    int workersPerSlot,
    int partitions,
    int prefetchBatches,
    int primingBatches,
    boolean cacheForwardPass,
    Optimizer optimizer,
    long seed,
    int evalBatchSize,
    EvaluationMode evaluation,
    boolean trainingStats) {}
