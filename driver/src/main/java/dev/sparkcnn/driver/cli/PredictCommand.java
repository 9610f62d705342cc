package dev.sparkcnn.driver.cli;

import dev.sparkcnn.driver.config.BadImages;
import dev.sparkcnn.driver.config.SparkConfig;
import dev.sparkcnn.driver.files.FolderOverlap;
import dev.sparkcnn.driver.predict.BatchPrediction;
import dev.sparkcnn.driver.registry.SavedModel;
import dev.sparkcnn.refusal.InvalidUsageException;
import dev.sparkcnn.scoring.ScoringEngine;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.spark.api.java.JavaSparkContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "predict", sortOptions = false, footer = ExitCode.LEGEND,
    description = {"Score images in batch on Spark.",
        "INPUT is an IDX images file, a folder of PNG/JPEG files (ids: their paths under it) or a Parquet table; each "
            + "image is fitted to the model's input as in training and scored on the executors. Writes id, predicted "
            + "class, probabilities and the class's name under OUTPUT/predictions/."})
public final class PredictCommand implements Callable<Integer> {
  @Mixin private ModelOptions model;

  @Option(names = "--input", required = true, paramLabel = "INPUT", description = "The images to score.")
  private String input;

  @Option(names = "--output", required = true, paramLabel = "DIR", description = "Where predictions/ goes.")
  private String output;

  @Option(names = "--format", defaultValue = "csv", paramLabel = "csv|parquet",
      description = "How predictions are written. Default: ${DEFAULT-VALUE}.")
  private BatchPrediction.Format format;

  @Option(names = "--batch", defaultValue = "256", paramLabel = "N", description = "Images per forward pass. Default: ${DEFAULT-VALUE}.")
  private int batch;

  @Option(names = "--partitions", defaultValue = "4", paramLabel = "N",
      description = "Tasks to spread the images over. Default: ${DEFAULT-VALUE}.")
  private int partitions;

  @Option(names = "--master", defaultValue = "local[2]", paramLabel = "URL",
      description = "Spark master; spark-submit's --master wins. Default: ${DEFAULT-VALUE}.")
  private String master;

  @Option(names = "--image-column", defaultValue = "image", paramLabel = "C",
      description = "A Parquet input's image column. Default: ${DEFAULT-VALUE}.")
  private String imageColumn;

  @Option(names = "--id-column", defaultValue = "id", paramLabel = "C",
      description = "A Parquet input's id column. Default: ${DEFAULT-VALUE}.")
  private String idColumn;

  @Option(names = "--bad-images", defaultValue = "refuse", paramLabel = "refuse|skip",
      description = "An image file or cell that is empty or does not decode: refuse (exit 2, naming it) or skip it, "
          + "counted in the summary. Default: ${DEFAULT-VALUE}.")
  private BadImages badImages;

  @Option(names = "--engine", defaultValue = "dl4j", paramLabel = "dl4j|onnxruntime",
      description = "What runs the forward pass on the executors: dl4j, or onnxruntime (the model exported to ONNX "
          + "on the driver; ONNX Runtime's jar must be on the classpath). Default: ${DEFAULT-VALUE}.")
  private ScoringEngine engine;

  @ParentCommand private Terminal root;

  @Override
  public Integer call() throws Exception {
    Ranges.positive("--batch", batch, 100_000);
    Ranges.positive("--partitions", partitions, 1_000_000);
    SparkConfig spark = new SparkConfig(master, "spark-cnn-predict", Map.of("spark.ui.enabled", "false"), false);
    org.apache.hadoop.conf.Configuration hadoop = SparkSetup.hadoopConfiguration(spark);
    org.apache.hadoop.fs.Path in = new org.apache.hadoop.fs.Path(input);
    if (in.getFileSystem(hadoop).isDirectory(in)) {
      FolderOverlap.refuse(hadoop, "--input", input, "--output", output);
    }
    Optional<String> missing = engine.unavailable();
    if (missing.isPresent()) {
      throw new InvalidUsageException("--" + missing.get());
    }
    SavedModel saved = model.load(hadoop);
    try (JavaSparkContext sc = CommandSparkContext.start(spark)) {
      BatchPrediction.Result result = new BatchPrediction(sc, batch, partitions, badImages, engine)
          .run(saved.bytes(), input, imageColumn, idColumn, output, format);
      root.out().printf("scored %,d images of %s with %s (%s); %s part files in %s/%s/%n", result.scored(), input,
          saved.source(), engine.spelling(), format.name().toUpperCase(Locale.ROOT), output, BatchPrediction.FOLDER);
      if (!result.skipped().isEmpty()) {
        root.out().println("  " + result.skipped().describe("file"));
      }
    }
    return ExitCode.OK;
  }
}
