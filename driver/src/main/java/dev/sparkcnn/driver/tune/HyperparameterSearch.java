package dev.sparkcnn.driver.tune;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sparkcnn.driver.config.JobConfig;
import dev.sparkcnn.driver.config.JobConfigParser;
import dev.sparkcnn.driver.config.SparkConfig;
import dev.sparkcnn.driver.data.MnistDataLocator;
import dev.sparkcnn.driver.data.QualifiedPath;
import dev.sparkcnn.driver.data.TrainTestData;
import dev.sparkcnn.driver.output.PortableHadoopConf;
import dev.sparkcnn.driver.output.RunOutput;
import dev.sparkcnn.driver.train.TrainJob;
import dev.sparkcnn.driver.train.TrainingListener;
import dev.sparkcnn.driver.train.TrainingResult;
import dev.sparkcnn.refusal.InvalidConfigException;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * A hyperparameter search on Spark ({@code spark-cnn tune}). Every trial's config is the base
 * config with the trial's keys set; {@link #plan} validates them all before anything starts. Trials run
 * in parallel on the executors or one after another distributed (the space file's {@code mode}),
 * stop early by the median rule, and end up ranked in {@code tune.json} and {@code tune.md}; the
 * best trial's config is written as {@code best.yaml}, ready for {@code train --config}.
 */
public final class HyperparameterSearch {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int PROGRESS_SECONDS = 10;
  private final PrintStream out;
  private final TuneConfig tune;
  private final String searchDir;
  private final List<Trial> trials;
  private final TrialBoard board;
  private final Map<Trial, JobConfig> configs;

  private HyperparameterSearch(PrintStream out, TuneConfig tune, String searchDir, List<Trial> trials, TrialBoard board,
      Map<Trial, JobConfig> configs) {
    this.out = out;
    this.tune = tune;
    this.searchDir = searchDir;
    this.trials = trials;
    this.board = board;
    this.configs = configs;
  }

  /**
   * Reads the search space and validates every trial's config.
   *
   * @param space the search space file
   * @param searchDir where trials and results go: a local path or Hadoop URI, reachable from every executor
   * @param baseConfig the base config's YAML file, or null for the defaults
   * @param baseOverrides keys set on top of it, as {@code --KEY VALUE} sets them
   * @throws InvalidConfigException naming every trial whose config is invalid, and why
   */
  public static HyperparameterSearch plan(Path space, String searchDir, Path baseConfig, Map<String, String> baseOverrides,
      PrintStream out) throws InvalidConfigException {
    TuneConfig tune = TuneConfigParser.parse(space);
    List<Trial> trials = TrialPlan.of(tune);
    TrialBoard board = new TrialBoard(searchDir, tune.metric());
    Map<Trial, JobConfig> configs = new LinkedHashMap<>();
    List<String> problems = new ArrayList<>();
    for (Trial trial : trials) {
      Map<String, String> overrides = new LinkedHashMap<>(baseOverrides);
      overrides.putAll(trial.params());
      overrides.put("output.dir", board.trialDir(trial));
      overrides.put("output.report", "false");
      try {
        JobConfig config = JobConfigParser.parse(baseConfig, overrides);
        if (tune.mode() == TuneConfig.Mode.PARALLEL && config.augmentation().enabled()) {
          problems.add("trial " + trial.name() + ": augmentation.enabled: parallel trials train in plain DL4J without "
              + "augmentation; use mode: sequential, or switch augmentation off");
        }
        configs.put(trial, config);
      } catch (InvalidConfigException e) {
        e.problems().forEach(p -> problems.add("trial " + trial.name() + " " + trial.params() + ": " + p));
      }
    }
    if (!problems.isEmpty()) {
      throw new InvalidConfigException(problems);
    }
    return new HyperparameterSearch(out, tune, searchDir, trials, board, configs);
  }

  /** The Spark settings of the search: the first trial's (trials may differ only in what they train). */
  public SparkConfig spark() {
    return configs.values().iterator().next().spark();
  }

  /** Runs every trial on {@code sc}, ranks them, and writes the results under the search folder. */
  public TuneResults run(JavaSparkContext sc) throws InvalidConfigException, IOException {
    Configuration hadoop = sc.hadoopConfiguration();
    RunOutput search = RunOutput.open(searchDir, hadoop);
    if (!search.list(TrialBoard.FOLDER).isEmpty() || search.exists(TuneResults.JSON)) {
      throw search.alreadyUsed("an earlier search");
    }
    JobConfig first = configs.values().iterator().next();
    out.printf(Locale.ROOT, "tune: %s search, %d trials, %s, ranked by %s%s; %s%n", tune.search().name().toLowerCase(Locale.ROOT),
        trials.size(), tune.mode() == TuneConfig.Mode.PARALLEL ? "in parallel, one trial per executor task"
            : "one after another, each distributed", tune.metric(),
        tune.stopping().median() ? ", median stopping rule after epoch " + tune.stopping().minEpochs() : "", search.dir());

    List<Outcome> outcomes = new ArrayList<>();
    if (tune.mode() == TuneConfig.Mode.PARALLEL) {
      // The driver fetches MNIST when it is missing and reads only a header: the executors read the images.
      new MnistDataLocator(first.data(), hadoop, out::println).fetchIfMissing();
      int trainImages = TrainTestData.trainCount(first.data(), hadoop);
      // The trials read and write on executors, in working folders of their own: relative paths are
      // qualified here, on the driver, as training's are.
      String trialsDir = QualifiedPath.of(searchDir, hadoop);
      List<ParallelTrials.Task> tasks = new ArrayList<>();
      for (Map.Entry<Trial, JobConfig> e : configs.entrySet()) {
        JobConfig config = e.getValue();
        JobConfig onExecutor = config.withData(config.data().withDir(QualifiedPath.of(config.data().dir(), hadoop)));
        tasks.add(new ParallelTrials.Task(e.getKey(), JSON.writeValueAsString(JobConfigParser.toTree(onExecutor)),
            trialsDir, tune, new PortableHadoopConf(hadoop)));
      }
      int plannedEpochs = configs.values().stream().mapToInt(c -> c.training().epochs()).sum();
      try (SearchProgress progress = new SearchProgress(out, board, plannedEpochs, trainImages, PROGRESS_SECONDS, hadoop)) {
        outcomes.addAll(ParallelTrials.run(sc, tasks));
      }
    } else {
      MedianStoppingRule rule = new MedianStoppingRule(tune.stopping().minEpochs(), tune.stopping().minPeers());
      for (Map.Entry<Trial, JobConfig> e : configs.entrySet()) {
        Trial trial = e.getKey();
        out.printf("tune: trial %s (%d of %d) %s%n", trial.name(), trial.number(), trials.size(), trial.params());
        long start = System.nanoTime();
        List<Double> history = new ArrayList<>();
        TrainingResult result = new TrainJob(e.getValue(), TrainingListener.printingTo(out)).stoppingWhen(record -> {
          history.add(record.test().rankingMetric(tune.metric()));
          try {
            return tune.stopping().median() && rule.shouldStop(history, board.peersOf(trial, hadoop));
          } catch (IOException ex) {
            throw new UncheckedIOException(ex);
          }
        }).run(sc);
        int epochs = result.epochs().size();
        outcomes.add(new Outcome(trial.name(), epochs, epochs < e.getValue().training().epochs(), (System.nanoTime() - start) / 1e9, "distributed"));
      }
    }
    TuneResults results = TuneResults.rank(tune, configs, outcomes, board.histories(hadoop));
    results.write(search, searchDir);
    out.print(results.markdown());
    out.printf("tune: ranked results in %s/%s and %s; the best config: spark-cnn train --config %s/%s%n",
        searchDir, TuneResults.JSON, TuneResults.MARKDOWN, searchDir, TuneResults.BEST);
    return results;
  }
}
