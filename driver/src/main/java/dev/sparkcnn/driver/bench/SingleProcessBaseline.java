package dev.sparkcnn.driver.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sparkcnn.data.MinibatchAssembler;
import dev.sparkcnn.driver.config.JobConfig;
import dev.sparkcnn.driver.config.TrainingConfig;
import dev.sparkcnn.driver.data.TrainTestData;
import dev.sparkcnn.driver.output.EpochMetrics;
import dev.sparkcnn.driver.output.MetricsLog;
import dev.sparkcnn.driver.output.ProcessResources;
import dev.sparkcnn.driver.output.RunOutput;
import dev.sparkcnn.driver.train.JobNetwork;
import dev.sparkcnn.driver.train.LocalEpochTrainer;
import dev.sparkcnn.driver.train.TestSetEvaluator;
import dev.sparkcnn.model.CnnNetwork;
import dev.sparkcnn.refusal.InvalidConfigException;
import dev.sparkcnn.runtime.NativeRuntime;
import java.io.IOException;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import org.apache.hadoop.conf.Configuration;

/**
 * The benchmark's reference peer: the same network, data, minibatch size, optimizer and schedule
 * as a train job, fitted by DL4J in this one process with no Spark ({@code fit}
 * per minibatch). Writes the same {@code metrics.jsonl} as the train job, so one report reads both.
 */
public final class SingleProcessBaseline {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final JobConfig config;
  private final PrintStream out;

  public SingleProcessBaseline(JobConfig config, PrintStream out) {
    this.config = config;
    this.out = out;
  }

  public void run(Configuration hadoopConf) throws IOException, InvalidConfigException {
    if (config.augmentation().enabled()) {
      throw new InvalidConfigException(List.of("augmentation.enabled: the single-process baseline does not augment; "
          + "benchmark with augmentation off"));
    }
    long start = System.nanoTime();
    NativeRuntime.enableLayerHelpers();
    NativeRuntime.useThreadsOnThisThread();
    RunOutput output = RunOutput.open(config.output().dir(), hadoopConf);
    List<String> earlier = output.earlierResults();
    if (!earlier.isEmpty() && !config.output().overwrite()) {
      throw output.alreadyUsed("an earlier run (" + String.join(", ", earlier) + ")");
    }
    TrainingConfig training = config.training();
    TrainTestData data = TrainTestData.load(config.data(), hadoopConf, out::println);
    CnnNetwork network = JobNetwork.build(config, data.train().shape(), data.numClasses(), config.data().dir());
    MinibatchAssembler assembler = new MinibatchAssembler(data.train().shape(), data.numClasses());
    TestSetEvaluator evaluator = new TestSetEvaluator(data.test(), assembler, training.evalBatchSize());
    LocalEpochTrainer trainer = new LocalEpochTrainer(training, assembler, data.train().examples());
    MetricsLog metrics = MetricsLog.fresh(output);
    out.printf(Locale.ROOT, "baseline: %s on %,d images in one process (no Spark), batch %d%n",
        config.model().name(), trainer.size(), training.batchSizePerWorker());

    for (int epoch = 1; epoch <= training.epochs(); epoch++) {
      EpochMetrics record = trainer.trainAndEvaluate(network, epoch, evaluator, start);
      metrics.append(record);
      out.print(record.report());
    }
    output.write(ProcessResources.FILE, JSON.writeValueAsBytes(ProcessResources.measure()));
  }
}
