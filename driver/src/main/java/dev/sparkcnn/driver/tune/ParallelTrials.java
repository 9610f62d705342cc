package dev.sparkcnn.driver.tune;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sparkcnn.data.LabeledImage;
import dev.sparkcnn.data.MinibatchAssembler;
import dev.sparkcnn.driver.config.JobConfig;
import dev.sparkcnn.driver.config.JobConfigParser;
import dev.sparkcnn.driver.data.TrainTestData;
import dev.sparkcnn.driver.output.EpochMetrics;
import dev.sparkcnn.driver.output.MetricsLog;
import dev.sparkcnn.driver.output.PortableHadoopConf;
import dev.sparkcnn.driver.output.RunOutput;
import dev.sparkcnn.driver.train.JobNetwork;
import dev.sparkcnn.driver.train.JvmSetupHook;
import dev.sparkcnn.driver.train.LocalEpochTrainer;
import dev.sparkcnn.driver.train.TestSetEvaluator;
import dev.sparkcnn.model.CnnNetwork;
import dev.sparkcnn.model.ImageShape;
import dev.sparkcnn.runtime.NativeRuntime;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.SparkEnv;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * {@code mode: parallel}: one Spark task per trial, each training its whole trial in plain DL4J on
 * the executor that runs it (so as many trials run at once as there are task slots). Each
 * executor reads the IDX files itself, once for all the trials it runs; the driver reads only a
 * header. After every epoch a trial writes its metrics and consults the
 * others' on the {@link TrialBoard} for the stopping rule.
 */
final class ParallelTrials {
  private static final ObjectMapper JSON = new ObjectMapper();

  // Plain classes, not records: Spark ships them with Kryo, which cannot set a record's final fields.

  /**
   * The data sets this JVM has read, by their config section: the trials an executor runs share one
   * copy, as a broadcast's would, without the driver ever holding it.
   */
  private static final Map<String, Loaded> LOADED = new ConcurrentHashMap<>();

  /** A data set as the trials use it: the examples made once, shared read-only by every trial. */
  private record Loaded(ImageShape shape, int numClasses, List<LabeledImage> train, List<LabeledImage> test) {}

  /** One trial as a task receives it: its config as the tree {@link JobConfigParser#toTree} makes, in JSON. */
  static final class Task implements Serializable {
    private static final long serialVersionUID = 1L;
    private final int number;
    private final LinkedHashMap<String, String> params;
    private final String configJson;
    private final String searchDir;
    private final String metric;
    private final boolean median;
    private final int minEpochs;
    private final int minPeers;
    private final PortableHadoopConf hadoop;

    Task(Trial trial, String configJson, String searchDir, TuneConfig tune, PortableHadoopConf hadoop) {
      this.hadoop = hadoop;
      this.number = trial.number();
      this.params = new LinkedHashMap<>(trial.params());
      this.configJson = configJson;
      this.searchDir = searchDir;
      this.metric = tune.metric();
      this.median = tune.stopping().median();
      this.minEpochs = tune.stopping().minEpochs();
      this.minPeers = tune.stopping().minPeers();
    }
  }

  private ParallelTrials() {}

  static List<Outcome> run(JavaSparkContext sc, List<Task> tasks) {
    try {
      return sc.parallelize(tasks, tasks.size()).map(ParallelTrials::train).collect();
    } finally {
      // In local mode the driver's JVM ran the trials: let the images go.
      LOADED.clear();
    }
  }

  /** The trial's data, read from its files by the first trial of this JVM that needs it. */
  private static Loaded data(JobConfig config, Configuration hadoop) throws Exception {
    String key = JSON.writeValueAsString(JobConfigParser.toTree(config).get("data"));
    synchronized (LOADED) {
      Loaded loaded = LOADED.get(key);
      if (loaded == null) {
        TrainTestData data = TrainTestData.read(config.data(), hadoop);
        loaded = new Loaded(data.train().shape(), data.numClasses(), List.copyOf(data.train().examples()),
            List.copyOf(data.test().examples()));
        LOADED.put(key, loaded);
      }
      return loaded;
    }
  }

  /** Runs on an executor. */
  static Outcome train(Task task) throws Exception {
    long start = System.nanoTime();
    // tune runs only from spark-cnn's command line, which owns its executors' JVMs.
    JvmSetupHook.configureJvm();
    NativeRuntime.useThreadsOnThisThread();
    Trial trial = new Trial(task.number, task.params);
    JobConfig config = JobConfigParser.fromTree(JSON.readValue(task.configJson, new TypeReference<Map<String, Object>>() {}),
        "trial " + trial.name());
    TrialBoard board = new TrialBoard(task.searchDir, task.metric);
    MedianStoppingRule rule = new MedianStoppingRule(task.minEpochs, task.minPeers);
    Configuration hadoop = task.hadoop.get();
    RunOutput output = RunOutput.open(board.trialDir(trial), hadoop);
    output.write(RunOutput.CONFIG, task.configJson.getBytes(StandardCharsets.UTF_8));

    Loaded data = data(config, hadoop);
    CnnNetwork network = JobNetwork.build(config, data.shape(), data.numClasses(), "the training images");
    MinibatchAssembler assembler = new MinibatchAssembler(data.shape(), data.numClasses());
    LocalEpochTrainer trainer = new LocalEpochTrainer(config.training(), assembler, data.train());
    TestSetEvaluator evaluator = new TestSetEvaluator(data.test(), assembler, config.training().evalBatchSize());
    MetricsLog log = MetricsLog.fresh(output);
    List<Double> history = new ArrayList<>();
    int epochs = config.training().epochs();
    boolean stopped = false;
    for (int epoch = 1; epoch <= epochs; epoch++) {
      EpochMetrics record = trainer.trainAndEvaluate(network, epoch, evaluator, start);
      log.append(record);
      history.add(record.test().rankingMetric(task.metric));
      if (epoch < epochs && task.median && rule.shouldStop(history, board.peersOf(trial, hadoop))) {
        stopped = true;
        break;
      }
    }
    CnnNetwork trained = network;
    output.write(RunOutput.MODEL, stream -> trained.write(stream, false));
    return new Outcome(trial.name(), history.size(), stopped, (System.nanoTime() - start) / 1e9, SparkEnv.get().executorId());
  }
}
