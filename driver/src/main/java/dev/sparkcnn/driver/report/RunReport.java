package dev.sparkcnn.driver.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sparkcnn.data.LabeledImage;
import dev.sparkcnn.data.MinibatchAssembler;
import dev.sparkcnn.driver.config.JobConfigParser;
import dev.sparkcnn.driver.data.ImageSet;
import dev.sparkcnn.driver.output.MetricsLine;
import dev.sparkcnn.driver.output.MetricsLog;
import dev.sparkcnn.driver.output.RunOutput;
import dev.sparkcnn.driver.output.TrainingStatsFile;
import dev.sparkcnn.driver.output.TrainingStatsLog;
import dev.sparkcnn.model.CnnNetwork;
import dev.sparkcnn.model.ImageShape;
import dev.sparkcnn.model.InputSchema;
import dev.sparkcnn.model.inspect.FirstLayerView;
import dev.sparkcnn.model.inspect.Saliency;
import dev.sparkcnn.refusal.InvalidConfigException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.knowm.xchart.style.Styler;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * {@code OUTPUT/report.html}: what a run did, in one self-contained page (every image inline, no
 * script, nothing fetched), built from the output folder (metrics.jsonl, config.json, model.zip,
 * training-stats.json) and the run's test set. Sections: curves per epoch, per-class metrics,
 * confusion heat map, misclassified test images, saliency maps, first-layer filters and feature
 * maps, the training-stats timeline, and the config.
 */
public final class RunReport {
  public static final String FILE = "report.html";
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * How much of the test set the report looks at, on the driver.
   *
   * @param scanImages test images scored to find misclassified ones, from the start; default 2,000
   * @param misclassified at most this many misclassified images in the grid; default 40
   * @param saliencyImages saliency maps for this many test images; default 6
   */
  public record Options(int scanImages, int misclassified, int saliencyImages) {
    public static final Options DEFAULTS = new Options(2000, 40, 6);
  }

  /**
   * The first test images (as many as the report scans), or why there are none: the report then
   * says so where the images would be.
   *
   * @param images the first test images in their stable order, on the driver
   * @param classNames the name of each class, by label index
   */
  public record TestImages(List<LabeledImage> images, ImageShape shape, List<String> classNames, String unavailable) {
    /** The first {@code options.scanImages()} images of a test set the executors hold. */
    public static TestImages of(ImageSet test, InputSchema schema, Options options) {
      return new TestImages(test.first(options.scanImages()), schema.shape(), schema.classNames(), null);
    }

    public static TestImages missing(String why) {
      return new TestImages(List.of(), null, List.of(), why);
    }

    int size() {
      return images.size();
    }

    byte[] pixels(int i) {
      return images.get(i).pixels();
    }

    int label(int i) {
      return images.get(i).label();
    }

    /** Class {@code c}'s name, escaped for HTML; its index alone when the names are the indices. */
    String name(int c) {
      String name = c < classNames.size() ? classNames.get(c) : String.valueOf(c);
      return Html.escape(name.equals(String.valueOf(c)) ? name : c + " " + name);
    }
  }

  private final RunOutput output;
  private final Options options;
  private final Html html = new Html();

  public RunReport(RunOutput output, Options options) {
    this.output = output;
    this.options = options;
  }

  /** Builds the page from the folder's model.zip and writes it as {@value #FILE}; returns its URI. */
  public String write(TestImages test) throws IOException {
    return write(test, output.exists(RunOutput.MODEL)
        ? Optional.of(CnnNetwork.read(output.read(RunOutput.MODEL), false, output.uri(RunOutput.MODEL))) : Optional.empty());
  }

  /**
   * Builds the page for {@code network}, the run's model when the caller holds it already (a run
   * that has just written it), and writes it as {@value #FILE}; returns its URI.
   */
  public String write(TestImages test, Optional<CnnNetwork> network) throws IOException {
    List<MetricsLine> epochs = MetricsLog.records(output);
    if (epochs.isEmpty()) {
      throw new IOException(output.uri(RunOutput.METRICS) + ": no epochs recorded; a report needs a run that finished an epoch");
    }
    Map<?, ?> config = output.exists(RunOutput.CONFIG) ? JSON.readValue(output.read(RunOutput.CONFIG), Map.class) : Map.of();
    String model = modelName(config);
    MetricsLine last = epochs.get(epochs.size() - 1);
    if (!last.hasTestFigures()) {
      throw new IOException(output.uri(RunOutput.METRICS) + ": the run had no test set; a report needs test figures");
    }

    html.title("spark-cnn report: " + model + " in " + output.dir());
    html.raw(String.format(Locale.ROOT, "<p class=summary>%s, %d epoch(s): test accuracy <b>%.2f%%</b>, macro F1 <b>%.4f</b> on %,d test images. "
            + "Built %s from <code>%s</code>.</p>%n", Html.escape(model), epochs.size(),
        100 * last.accuracy(), last.macroF1(), last.testImages(),
        Instant.now().toString().substring(0, 19).replace('T', ' ') + " UTC", Html.escape(output.dir())));

    curves(epochs);
    perClass(last);
    confusion(last);
    if (network.isEmpty()) {
      html.section("images", "Test images, saliency, filters", "<p>No model.zip in the output folder yet.</p>");
    } else if (test.unavailable() != null) {
      html.section("images", "Test images, saliency, filters", "<p>The test images could not be read: "
          + Html.escape(test.unavailable()) + ". Rebuild with <code>spark-cnn report --run DIR --data DIR</code>.</p>");
    } else {
      images(network.get(), test);
    }
    timeline();
    html.section("config", "Config", "<pre>" + Html.escape(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(config)) + "</pre>");
    output.write(FILE, html.page().getBytes(StandardCharsets.UTF_8));
    return output.uri(FILE);
  }

  private void curves(List<MetricsLine> epochs) {
    int[] x = epochs.stream().mapToInt(MetricsLine::epoch).toArray();
    Map<String, double[]> loss = Map.of("training loss (last round)", epochs.stream().mapToDouble(RunReport::loss).toArray());
    Map<String, double[]> scores = new LinkedHashMap<>();
    scores.put("test accuracy", epochs.stream().mapToDouble(e -> orNaN(e.accuracy())).toArray());
    scores.put("macro F1", epochs.stream().mapToDouble(e -> orNaN(e.macroF1())).toArray());
    StringBuilder body = new StringBuilder();
    body.append(Html.image(ReportCharts.perEpoch("Training loss per epoch", "loss", loss, x, Styler.LegendPosition.InsideNE), "training loss per epoch"));
    body.append(Html.image(ReportCharts.perEpoch("Test accuracy and macro F1 per epoch", "", scores, x, Styler.LegendPosition.InsideSE), "test accuracy per epoch"));
    body.append("<table><tr><th>epoch</th><th>train images</th><th>train s</th><th>images/s</th><th>loss</th><th>accuracy</th><th>macro F1</th></tr>");
    for (MetricsLine e : epochs) {
      body.append(String.format(Locale.ROOT, "<tr><td>%d</td><td>%,d</td><td>%.1f</td><td>%,.0f</td><td>%.4f</td><td>%.4f</td><td>%.4f</td></tr>",
          e.epoch(), e.trainImages(), e.trainSeconds(), e.imagesPerSecond(), loss(e), orNaN(e.accuracy()), orNaN(e.macroF1())));
    }
    body.append("</table>");
    html.section("curves", "Training loss and test accuracy per epoch", body.toString());
  }

  /** The network the run's config names; "run" for a config this version cannot read. */
  private static String modelName(Map<?, ?> config) {
    try {
      return JobConfigParser.parse(config, RunOutput.CONFIG, Map.of()).model().name();
    } catch (InvalidConfigException e) {
      return "run";
    }
  }

  private static double loss(MetricsLine e) {
    return orNaN(e.trainLoss());
  }

  private static double orNaN(Double value) {
    return value == null ? Double.NaN : value;
  }

  private void perClass(MetricsLine last) {
    double[] precision = last.precision();
    double[] recall = last.recall();
    double[] f1 = last.f1();
    StringBuilder body = new StringBuilder(Html.image(ReportCharts.perClass(precision, recall, f1), "per-class precision, recall and F1"));
    body.append("<table><tr><th>class</th><th>precision</th><th>recall</th><th>F1</th><th>support</th></tr>");
    for (int c = 0; c < f1.length; c++) {
      body.append(String.format(Locale.ROOT, "<tr><td>%d</td><td>%.4f</td><td>%.4f</td><td>%.4f</td><td>%d</td></tr>",
          c, precision[c], recall[c], f1[c], last.support()[c]));
    }
    body.append("</table>");
    html.section("per-class", "Per-class precision, recall and F1 (last epoch)", body.toString());
  }

  private void confusion(MetricsLine last) {
    html.section("confusion", "Confusion matrix (last epoch)",
        Html.image(ReportCharts.confusion(last.confusionMatrix()), "confusion matrix heat map"));
  }

  private void images(CnnNetwork network, TestImages test) {
    ImageShape shape = test.shape();
    MinibatchAssembler assembler = new MinibatchAssembler(shape, test.classNames().size());
    int scan = Math.min(options.scanImages(), test.size());
    List<int[]> wrong = new ArrayList<>();
    List<Double> wrongConfidence = new ArrayList<>();
    int wrongCount = 0;
    for (int start = 0; start < scan; start += 256) {
      List<byte[]> batch = new ArrayList<>();
      for (int i = start; i < Math.min(scan, start + 256); i++) {
        batch.add(test.pixels(i));
      }
      INDArray probabilities = network.output(assembler.features(batch));
      for (int i = 0; i < batch.size(); i++) {
        int predicted = probabilities.getRow(i).argMax().getInt(0);
        if (predicted != test.label(start + i)) {
          wrongCount++;
          if (wrong.size() < options.misclassified()) {
            wrong.add(new int[] {start + i, test.label(start + i), predicted});
            wrongConfidence.add(probabilities.getDouble(i, predicted));
          }
        }
      }
    }
    StringBuilder grid = new StringBuilder(String.format(Locale.ROOT,
        "<p>%d misclassified among the first %,d test images; the first %d shown, each with its true and its predicted class "
            + "and the predicted class's probability.</p><div class=grid>", wrongCount, scan, wrong.size()));
    for (int k = 0; k < wrong.size(); k++) {
      int[] w = wrong.get(k);
      grid.append(Html.figure(ImageTiles.image(test.pixels(w[0]), shape, 3),
          String.format(Locale.ROOT, "#%d: %s &rarr; %s (p %.2f)", w[0], test.name(w[1]), test.name(w[2]), wrongConfidence.get(k)), "misclassified"));
    }
    grid.append("</div>");
    html.section("misclassified", "Misclassified test images", grid.toString());

    saliency(network, test, assembler, wrong);
    filters(network, test, assembler);
  }

  /** Saliency for the first test images and the first misclassified ones, for the class the network predicts. */
  private void saliency(CnnNetwork network, TestImages test, MinibatchAssembler assembler, List<int[]> wrong) {
    ImageShape shape = test.shape();
    List<Integer> chosen = new ArrayList<>();
    for (int i = 0; i < Math.min(test.size(), (options.saliencyImages() + 1) / 2); i++) {
      chosen.add(i);
    }
    for (int k = 0; k < wrong.size() && chosen.size() < options.saliencyImages(); k++) {
      if (!chosen.contains(wrong.get(k)[0])) {
        chosen.add(wrong.get(k)[0]);
      }
    }
    List<byte[]> pixels = chosen.stream().map(test::pixels).toList();
    INDArray features = assembler.features(pixels);
    int[] predicted = new int[chosen.size()];
    INDArray probabilities = network.output(features);
    for (int i = 0; i < predicted.length; i++) {
      predicted[i] = probabilities.getRow(i).argMax().getInt(0);
    }
    INDArray maps = Saliency.of(network, shape).maps(features, predicted);
    StringBuilder body = new StringBuilder("<p>The gradient of the predicted class's score (its logit) with respect to each "
        + "pixel, in inference mode; brighter is more influential (absolute value, summed over channels, scaled per image).</p><div class=grid>");
    for (int i = 0; i < chosen.size(); i++) {
      INDArray map = Transforms.abs(maps.slice(i), true).sum(0);
      double[] values = map.reshape(shape.height() * (long) shape.width()).toDoubleVector();
      String caption = String.format(Locale.ROOT, "#%d: label %s, predicted %s", chosen.get(i), test.name(test.label(chosen.get(i))),
          test.name(predicted[i]));
      body.append("<div class=pair>")
          .append(Html.figure(ImageTiles.image(pixels.get(i), shape, 3), caption, "input"))
          .append(Html.figure(ImageTiles.heat(values, shape.height(), shape.width(), 3), "saliency", "saliency"))
          .append("</div>");
    }
    body.append("</div>");
    html.section("saliency", "Saliency maps", body.toString());
  }

  private void filters(CnnNetwork network, TestImages test, MinibatchAssembler assembler) {
    Optional<FirstLayerView> view = FirstLayerView.of(network);
    if (view.isEmpty()) {
      html.section("filters", "First-layer filters and feature maps",
          "<p>The first layer is not a standard convolution; there are no filters to draw.</p>");
      return;
    }
    INDArray filters = view.get().filters();
    int count = (int) filters.size(0);
    int kh = (int) filters.size(2);
    int kw = (int) filters.size(3);
    StringBuilder body = new StringBuilder(String.format(Locale.ROOT,
        "<p>Layer <code>%s</code>: %d filters of %dx%d (input channel 0; red positive, blue negative, each scaled to its own largest weight).</p><div class=grid>",
        Html.escape(view.get().layerName()), count, kh, kw));
    int scale = Math.max(4, 60 / Math.max(kh, kw));
    for (int f = 0; f < count; f++) {
      double[] w = filters.slice(f).slice(0).reshape((long) kh * kw).toDoubleVector();
      body.append(Html.figure(ImageTiles.signed(w, kh, kw, scale), "filter " + f, "filter"));
    }
    body.append("</div>");
    byte[] first = test.pixels(0);
    INDArray maps = view.get().featureMaps(assembler.features(List.of(first)));
    int mh = (int) maps.size(1);
    int mw = (int) maps.size(2);
    body.append(String.format(Locale.ROOT, "<p>Its %d feature maps for test image #0 (label %s), after the activation (black to white for non-negative maps, each scaled to its own largest value):</p><div class=grid>",
        maps.size(0), test.name(test.label(0))));
    body.append(Html.figure(ImageTiles.image(first, test.shape(), 3), "input", "input"));
    for (int f = 0; f < maps.size(0); f++) {
      double[] values = maps.slice(f).reshape((long) mh * mw).toDoubleVector();
      int mapScale = Math.max(1, 84 / Math.max(mh, mw));
      boolean nonNegative = Arrays.stream(values).allMatch(v -> v >= 0);
      byte[] png = nonNegative ? ImageTiles.heat(values, mh, mw, mapScale) : ImageTiles.signed(values, mh, mw, mapScale);
      body.append(Html.figure(png, "map " + f, "feature map"));
    }
    body.append("</div>");
    html.section("filters", "First-layer filters and feature maps", body.toString());
  }

  private void timeline() throws IOException {
    if (!output.exists(TrainingStatsLog.JSON)) {
      html.section("timeline", "Spark training-stats timeline", "<p>This run collected no training stats; set "
          + "<code>training.trainingStats: true</code> to time every phase of every averaging round.</p>");
      return;
    }
    TrainingStatsFile stats = JSON.readValue(output.read(TrainingStatsLog.JSON), TrainingStatsFile.class);
    List<TrainingStatsFile.Event> events = stats.events();
    if (events.isEmpty()) {
      html.section("timeline", "Spark training-stats timeline", "<p>training-stats.json holds no events.</p>");
      return;
    }
    StringBuilder body = new StringBuilder(Html.image(ReportCharts.timeline(events), "training-stats timeline"));
    body.append("<table><tr><th>phase</th><th>events</th><th>total ms</th><th>mean ms</th></tr>");
    phaseRows(stats.phases(), "", body);
    phaseRows(stats.workerPhases(), "worker: ", body);
    body.append("</table><p>dl4j-spark's own charts of the same stats: <code>").append(TrainingStatsLog.HTML).append("</code>.</p>");
    html.section("timeline", "Spark training-stats timeline", body.toString());
  }

  private static void phaseRows(Map<String, TrainingStatsFile.Phase> phases, String prefix, StringBuilder body) {
    phases.forEach((name, p) -> body.append(String.format(Locale.ROOT,
        "<tr><td>%s%s</td><td>%d</td><td>%,d</td><td>%.1f</td></tr>", prefix, Html.escape(name), p.events(), p.totalMs(),
        p.meanMs())));
  }


  /** The page: sections in order, images inline as data URIs. */
  static final class Html {
    private final StringBuilder sections = new StringBuilder();
    private final StringBuilder top = new StringBuilder();
    private String title = "spark-cnn report";

    void title(String title) {
      this.title = title;
    }

    void raw(String fragment) {
      top.append(fragment);
    }

    void section(String id, String heading, String body) {
      sections.append("<section id=\"").append(id).append("\"><h2>").append(escape(heading)).append("</h2>\n")
          .append(body).append("\n</section>\n");
    }

    String page() {
      return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + escape(title) + "</title>\n<style>"
          + "body{font-family:system-ui,sans-serif;margin:24px auto;max-width:1100px;color:#222}"
          + "h1{font-size:1.5em}h2{font-size:1.2em;border-bottom:1px solid #ddd;padding-bottom:4px;margin-top:32px}"
          + "table{border-collapse:collapse;margin:12px 0}td,th{border:1px solid #ddd;padding:3px 8px;text-align:right}"
          + ".grid{display:flex;flex-wrap:wrap;gap:8px}.pair{display:flex;gap:2px}figure{margin:0;text-align:center}"
          + "figcaption{font-size:.75em;color:#555}pre{background:#f6f6f6;padding:12px;overflow:auto;font-size:.8em}"
          + "</style></head><body>\n<h1>" + escape(title) + "</h1>\n" + top + sections + "</body></html>\n";
    }

    static String image(byte[] png, String alt) {
      return "<img src=\"data:image/png;base64," + Base64.getEncoder().encodeToString(png) + "\" alt=\"" + escape(alt) + "\">\n";
    }

    static String figure(byte[] png, String captionHtml, String alt) {
      return "<figure>" + image(png, alt) + "<figcaption>" + captionHtml + "</figcaption></figure>";
    }

    static String escape(String text) {
      return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
  }
}
