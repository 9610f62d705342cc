package dev.sparkcnn.driver.config;

/** How the workers' copies of the network are kept in step. */
public enum TrainingMode {
  /**
   * dl4j-spark's ParameterAveragingTrainingMaster: every worker fits averagingFrequency minibatches
   * on its own copy, then the driver averages parameters and updater state. The default.
   */
  AVERAGING,
  /**
   * dl4j-spark-parameterserver's SharedTrainingMaster: workers exchange threshold-encoded updates
   * after every minibatch, over Aeron UDP through a mesh the driver coordinates; each epoch is one
   * Spark job.
   */
  SHARING
}
