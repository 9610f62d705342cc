package dev.sparkcnn.driver.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.sparkcnn.data.IdxDatasetLoader;
import dev.sparkcnn.data.IdxFormatException;
import dev.sparkcnn.data.ImageDataset;
import dev.sparkcnn.data.MinibatchAssembler;
import dev.sparkcnn.driver.config.DataConfig;
import dev.sparkcnn.driver.config.JobConfig;
import dev.sparkcnn.driver.config.JobConfigParser;
import dev.sparkcnn.driver.config.TrainingConfig;
import dev.sparkcnn.driver.data.EpochBatches;
import dev.sparkcnn.driver.data.MnistDataLocator;
import dev.sparkcnn.driver.output.EpochMetrics;
import dev.sparkcnn.driver.output.RunOutput;
import dev.sparkcnn.eval.ClassificationMetrics;
import dev.sparkcnn.model.CnnArchitecture;
import dev.sparkcnn.model.ModelCatalog;
import dev.sparkcnn.model.NetworkSettings;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.spark.impl.multilayer.SparkDl4jMultiLayer;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingMaster;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.dataset.DataSet;

/**
 * The main job: load and check the data, distribute it, train with parameter averaging, evaluate
 * on the test set after every epoch, and write metrics, config and model.
 */
public final class TrainJob {
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private static final ObjectMapper JSON_LINE = new ObjectMapper();
  private static final int PROGRESS_INTERVAL_SECONDS = 10;

  private final JobConfig config;
  private final PrintStream out;

  public TrainJob(JobConfig config, PrintStream out) {
    this.config = config;
    this.out = out;
  }

  public TrainingResult run(JavaSparkContext sc) throws IOException {
    long jobStart = System.nanoTime();
    DataConfig data = config.data();
    TrainingConfig training = config.training();

    // Checked before any data is read or any work is done, so that a bad output loses nothing.
    RunOutput output = RunOutput.prepare(config.output().dir(), config.output().overwrite(), sc.hadoopConfiguration());
    output.write(RunOutput.CONFIG, JSON.writeValueAsBytes(JobConfigParser.toTree(config)));

    MnistDataLocator locator = new MnistDataLocator(data, sc.hadoopConfiguration(), out);
    locator.fetchIfMissing();
    IdxDatasetLoader loader = new IdxDatasetLoader(sc.hadoopConfiguration());
    ImageDataset train = loader.load(locator.trainImages(), locator.trainLabels(), data.numClasses()).limit(data.trainLimit());
    ImageDataset test = loader.load(locator.testImages(), locator.testLabels(), data.numClasses()).limit(data.testLimit());
    if (!train.shape().equals(test.shape())) {
      throw new IdxFormatException(test.imagesSource(), "holds " + test.shape() + " images but the training set "
          + train.imagesSource() + " holds " + train.shape() + "; expected the same size");
    }

    int workers = training.workers() > 0 ? training.workers() : sc.defaultParallelism();
    int partitions = training.partitions() > 0 ? training.partitions() : workers;
    CnnArchitecture architecture = ModelCatalog.get(config.model().name());
    NetworkSettings settings = new NetworkSettings(train.shape(), data.numClasses(), training.optimizer(),
        config.model().l2(), config.model().dropout(), training.seed());
    MultiLayerNetwork network = architecture.build(settings);
    MinibatchAssembler assembler = new MinibatchAssembler(train.shape(), data.numClasses());
    TestSetEvaluator evaluator = new TestSetEvaluator(test, assembler, training.evalBatchSize());

    out.printf(Locale.ROOT, "spark-cnn: %s (%,d parameters) on %,d training / %,d test images of %s%n",
        architecture.name(), network.numParams(), train.size(), test.size(), train.shape());
    out.printf(Locale.ROOT, "  master %s, %d workers, %d partitions, batch %d per worker, averaging every %d, %s lr %s%n",
        sc.master(), workers, partitions, training.batchSizePerWorker(), training.averagingFrequency(),
        training.optimizer().kind().configName(), learningRateText(training));
    out.printf("  output %s%n", output.dir());

    ParameterAveragingTrainingMaster master = TrainingMasterFactory.create(training, workers);
    SparkDl4jMultiLayer sparkNet = new SparkDl4jMultiLayer(sc, network, master);
    List<EpochMetrics> history = new ArrayList<>();
    try (EpochBatches batches = EpochBatches.cache(sc, train.examples(), partitions, training.batchSizePerWorker(),
            training.seed(), assembler);
        EpochProgress progress = new EpochProgress(out, training.epochs(), PROGRESS_INTERVAL_SECONDS)) {
      sc.sc().addSparkListener(progress);
      long batchesPerRound = (long) workers * training.averagingFrequency();
      int rounds = (int) ((batches.batchesPerEpoch() + batchesPerRound - 1) / batchesPerRound);
      for (int epoch = 1; epoch <= training.epochs(); epoch++) {
        sc.setJobGroup(EpochProgress.jobGroup(epoch), "spark-cnn training, epoch " + epoch, false);
        progress.startEpoch(epoch, 2 * rounds + 1, batches.count());
        // The configuration travels with every averaging round's broadcast, so this reaches the workers.
        sparkNet.getNetwork().setLearningRate(training.optimizer().learningRate(epoch));
        JavaRDD<DataSet> epochData = batches.forEpoch(epoch);
        long fitStart = System.nanoTime();
        sparkNet.fit(epochData);
        double trainSeconds = seconds(fitStart);
        progress.endEpoch();
        sc.clearJobGroup();
        epochData.unpersist(false);

        long evalStart = System.nanoTime();
        ClassificationMetrics metrics = evaluator.evaluate(sparkNet.getNetwork());
        double evalSeconds = seconds(evalStart);
        EpochMetrics record = new EpochMetrics(epoch, training.epochs(), batches.count(), trainSeconds,
            batches.count() / trainSeconds, sparkNet.getScore(), evalSeconds, seconds(jobStart), metrics);
        history.add(record);
        writeMetrics(output, history);
        report(record);
      }
      sc.sc().removeSparkListener(progress);
    }
    output.write(RunOutput.MODEL, stream -> ModelSerializer.writeModel(sparkNet.getNetwork(), stream, true));
    out.printf(Locale.ROOT, "done in %s: test accuracy %.4f, macro F1 %.4f; model %s%n",
        EpochProgress.duration(seconds(jobStart)), history.get(history.size() - 1).test().accuracy(),
        history.get(history.size() - 1).test().macroF1(), output.uri(RunOutput.MODEL));
    return new TrainingResult(List.copyOf(history), output.dir(), output.uri(RunOutput.MODEL));
  }

  private void report(EpochMetrics r) {
    double remaining = (r.epochs() - r.epoch()) * r.elapsedSeconds() / r.epoch();
    out.printf(Locale.ROOT, "epoch %d/%d  train %.1fs  %,.0f images/s  loss %.4f  test accuracy %.4f  macro F1 %.4f"
            + "  eval %.1fs  ETA %s%n",
        r.epoch(), r.epochs(), r.trainSeconds(), r.imagesPerSecond(), r.trainLoss(), r.test().accuracy(),
        r.test().macroF1(), r.evalSeconds(), EpochProgress.duration(remaining));
    out.print(r.test().formatTable());
    if (r.epoch() == r.epochs()) {
      out.print(r.test().formatConfusion());
    }
  }

  private static void writeMetrics(RunOutput output, List<EpochMetrics> history) throws IOException {
    StringBuilder lines = new StringBuilder();
    for (EpochMetrics m : history) {
      lines.append(JSON_LINE.writeValueAsString(m.toJson())).append('\n');
    }
    output.write(RunOutput.METRICS, lines.toString().getBytes(StandardCharsets.UTF_8));
  }

  private static String learningRateText(TrainingConfig training) {
    double decay = training.optimizer().decayPerEpoch();
    return training.optimizer().learningRate() + (decay == 1 ? "" : " x " + decay + " per epoch");
  }

  private static double seconds(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e9;
  }
}
