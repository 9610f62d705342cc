package dev.sparkcnn.driver.config;

import dev.sparkcnn.model.Optimizer;

/**
 * How to train: parameter averaging over Spark workers.
 *
 * @param epochs passes over the training set, &gt; 0; default 2
 * @param batchSizePerWorker images per minibatch on each worker, &gt; 0; default 32
 * @param averagingFrequency minibatches each worker fits between two parameter averagings, &gt; 0.
 *     Every round costs a fixed ~60-70 ms of Spark jobs, broadcast and averaging here, so lower
 *     wastes time; higher lets the workers drift apart. Default 20: 1.48x the images/s of 5 on
 *     local[2] with LeNet-5, at the same accuracy after 2 epochs (README, Performance)
 * @param workers parallel training tasks per averaging round, &ge; 0; 0 asks Spark for its
 *     default parallelism (the core count in local mode); default 0
 * @param partitions partitions of the cached training set, &ge; 0; 0 means one per worker; default 0
 * @param prefetchBatches minibatches each worker prepares ahead of the one it fits, &ge; 0; default 2
 * @param optimizer update rule ({@code training.optimizer}: adam, sgd, nesterov, rmsprop), base
 *     {@code learningRate}, {@code momentum} and the schedule: {@code learningRateSchedule} (step,
 *     exponential, constant), {@code learningRateDecay} (factor), {@code decayEveryEpochs} and
 *     {@code warmupEpochs}, as documented in {@link dev.sparkcnn.model.LearningRateSchedule};
 *     default Adam at 0.003, times 0.3 after each epoch, no warm-up
 * @param seed seed for weight initialization, shuffling and averaging splits; default 42
 * @param evalBatchSize images per minibatch when evaluating on the test set, &gt; 0; default 1000
 * @param evaluation where the test set is evaluated after every epoch: {@code driver} or
 *     {@code distributed}; default {@code distributed}
 * @param trainingStats whether dl4j-spark times every phase of every averaging round (fit,
 *     broadcast, aggregation, ...) for {@code OUTPUT/training-stats.json} and its HTML timeline;
 *     costs a little driver memory per round; default false
 */
public record TrainingConfig(
    int epochs,
    int batchSizePerWorker,
    int averagingFrequency,
    int workers,
    int partitions,
    int prefetchBatches,
    Optimizer optimizer,
    long seed,
    int evalBatchSize,
    EvaluationMode evaluation,
    boolean trainingStats) {}
