package dev.sparkcnn.driver.cli;

import dev.sparkcnn.driver.export.OnnxConversion;
import dev.sparkcnn.driver.output.RunOutput;
import dev.sparkcnn.driver.registry.SavedModel;
import dev.sparkcnn.onnx.OnnxExport;
import dev.sparkcnn.refusal.InvalidUsageException;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "export", sortOptions = false, footer = ExitCode.LEGEND,
    description = {"A saved model as a file other tools serve: ONNX (opset " + OnnxExport.OPSET + ").",
        "Input '" + OnnxExport.INPUT + "': float32 [batch, channels, height, width], pixel values / 255. Output '"
            + OnnxExport.OUTPUT + "': float32 [batch, classes], the softmax. The model's metadata holds the class names, "
            + "input layout and scaling, and the model's provenance. A layer without an ONNX form exits 2 and names it."})
public final class ExportCommand implements Callable<Integer> {
  @ParentCommand private Terminal root;

  @Option(names = "--format", required = true, paramLabel = "FORMAT", description = "onnx (the only one so far).")
  private String format;

  @Mixin private ModelOptions model;

  @Option(names = "--output", paramLabel = "FILE", description = "Where to write it, on any Hadoop file system; "
      + "replaced atomically. Default: " + OnnxConversion.FILE_NAME + " beside the model file or in the run folder; "
      + "required for a registry version.")
  private String output;

  @Override
  public Integer call() throws Exception {
    ExportFormats.onnx(format);
    String target = output != null ? output : model.folder().map(dir -> new Path(dir, OnnxConversion.FILE_NAME).toString())
        .orElseThrow(() -> new InvalidUsageException("give --output FILE: a registry version has no folder of "
            + "its own to write into"));
    Configuration hadoop = SparkSetup.hadoopConfiguration();
    SavedModel saved = model.load(hadoop);
    byte[] onnx = OnnxConversion.of(saved.bytes(), saved.source());
    Path path = new Path(target);
    RunOutput folder = RunOutput.open(path.getParent() == null ? "." : path.getParent().toString(), hadoop);
    folder.write(path.getName(), onnx);
    root.out().printf(Locale.ROOT, "wrote %s: ONNX opset %d, %.1f MB, from %s%n", folder.uri(path.getName()),
        OnnxExport.OPSET, onnx.length / 1e6, saved.source());
    return ExitCode.OK;
  }
}
