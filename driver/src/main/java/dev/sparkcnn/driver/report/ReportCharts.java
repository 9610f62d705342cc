package dev.sparkcnn.driver.report;

import dev.sparkcnn.driver.output.TrainingStatsFile;
import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** The report's plots, drawn by XChart and encoded as PNG. */
final class ReportCharts {
  private static final int WIDTH = 640;
  private static final int HEIGHT = 360;

  private ReportCharts() {}

  /** One line per series over the epochs, e.g. training loss, or test accuracy. */
  static byte[] perEpoch(String title, String yTitle, Map<String, double[]> series, int[] epochs, Styler.LegendPosition legend) {
    XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle("epoch").yAxisTitle(yTitle).build();
    style(chart.getStyler());
    chart.getStyler().setXAxisDecimalPattern("0");
    chart.getStyler().setYAxisDecimalPattern("0.####");
    chart.getStyler().setLegendPosition(legend);
    double[] x = IntStream.of(epochs).asDoubleStream().toArray();
    series.forEach((name, y) -> chart.addSeries(name, x, y).setMarker(SeriesMarkers.CIRCLE));
    return png(chart);
  }

  /** Precision, recall and F1 side by side for every class. */
  static byte[] perClass(double[] precision, double[] recall, double[] f1) {
    CategoryChart chart = new CategoryChartBuilder().width(WIDTH).height(HEIGHT).title("Per-class precision, recall and F1")
        .xAxisTitle("class").yAxisTitle("").build();
    style(chart.getStyler());
    double low = IntStream.range(0, f1.length).mapToDouble(c -> Math.min(precision[c], Math.min(recall[c], f1[c]))).min().orElse(0);
    chart.getStyler().setYAxisMin(Math.max(0, Math.floor(low * 20 - 1) / 20));
    chart.getStyler().setYAxisMax(1.0);
    chart.getStyler().setYAxisDecimalPattern("0.00");
    chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
    chart.getStyler().setLegendLayout(Styler.LegendLayout.Horizontal);
    List<Integer> classes = IntStream.range(0, f1.length).boxed().toList();
    chart.addSeries("precision", classes, boxed(precision));
    chart.addSeries("recall", classes, boxed(recall));
    chart.addSeries("F1", classes, boxed(f1));
    return png(chart);
  }

  /** Counts of (actual, predicted), the diagonal the correct ones. */
  static byte[] confusion(long[][] counts) {
    int n = counts.length;
    HeatMapChart chart = new HeatMapChartBuilder().width(Math.max(WIDTH, 48 * n + 200)).height(Math.max(HEIGHT + 120, 40 * n + 140))
        .title("Confusion matrix (rows: actual, columns: predicted)").xAxisTitle("predicted").yAxisTitle("actual").build();
    style(chart.getStyler());
    chart.getStyler().setShowValue(true);
    chart.getStyler().setHeatMapValueDecimalPattern("0");
    chart.getStyler().setRangeColors(new Color[] {new Color(0xffffff), new Color(0xc6dbef), new Color(0x4292c6)});
    chart.getStyler().setValueFontColor(new Color(0x222222));
    List<Integer> axis = IntStream.range(0, n).boxed().toList();
    List<Number[]> cells = new ArrayList<>();
    // Rows are drawn bottom-up; class 0 goes at the top, as in the printed matrix.
    for (int actual = 0; actual < n; actual++) {
      for (int predicted = 0; predicted < n; predicted++) {
        cells.add(new Number[] {predicted, n - 1 - actual, counts[actual][predicted]});
      }
    }
    List<String> rows = IntStream.range(0, n).mapToObj(i -> String.valueOf(n - 1 - i)).toList();
    chart.addSeries("count", axis, rows, cells);
    return png(chart);
  }

  /**
   * dl4j-spark's timed phases as bars on a time axis, one lane per place they ran (the master,
   * then each worker thread).
   *
   * @param events the timed events of training-stats.json
   */
  static byte[] timeline(List<TrainingStatsFile.Event> events) {
    Map<String, Integer> lanes = new LinkedHashMap<>();
    lanes.put("master", 0);
    events.forEach(e -> lanes.computeIfAbsent(e.where(), w -> lanes.size()));
    Map<String, List<double[]>> byPhase = new LinkedHashMap<>();
    for (TrainingStatsFile.Event e : events) {
      double start = e.startMs() / 1000.0;
      double end = start + e.durationMs() / 1000.0;
      byPhase.computeIfAbsent(e.phase(), p -> new ArrayList<>()).add(new double[] {start, end, lanes.get(e.where())});
    }
    XYChart chart = new XYChartBuilder().width(WIDTH + 320).height(Math.max(HEIGHT, 60 * lanes.size() + 160))
        .title("Spark training-stats timeline").xAxisTitle("seconds since the first event")
        .yAxisTitle("0 = master, then each worker thread").build();
    style(chart.getStyler());
    chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
    chart.getStyler().setYAxisMin(-0.5);
    chart.getStyler().setYAxisMax(lanes.size() - 0.5);
    chart.getStyler().setYAxisDecimalPattern("0");
    int index = 0;
    for (Map.Entry<String, List<double[]>> phase : byPhase.entrySet()) {
      // Each event is a segment; NaN between them breaks the line. Lanes are offset per phase so they do not hide each other.
      double offset = (index++ % 5 - 2) * 0.08;
      List<Double> x = new ArrayList<>();
      List<Double> y = new ArrayList<>();
      for (double[] e : phase.getValue()) {
        x.addAll(List.of(e[0], Math.max(e[1], e[0] + 0.005), e[1]));
        y.addAll(List.of(e[2] + offset, e[2] + offset, Double.NaN));
      }
      XYSeries series = chart.addSeries(phase.getKey(), x, y);
      series.setMarker(SeriesMarkers.NONE);
      series.setLineStyle(new BasicStroke(7f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER));
    }
    return png(chart);
  }

  private static List<Double> boxed(double[] values) {
    return Arrays.stream(values).boxed().toList();
  }

  private static void style(Styler styler) {
    styler.setChartBackgroundColor(Color.WHITE);
    styler.setPlotBackgroundColor(Color.WHITE);
    styler.setLegendBorderColor(Color.WHITE);
    styler.setAntiAlias(true);
  }

  private static byte[] png(Chart<?, ?> chart) {
    try {
      return BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
