import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.commons.math3.special.Erf;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The terms of deploy/bench/projection that the rounds harness cannot isolate on a 2-core machine,
 * measured in one quiet process (run by deploy/bench/terms, which names the class path):
 *
 * <ul>
 *   <li>Gradient sharing's codec: ND4J's threshold encoding of a P-float update at a given share
 *       of elements above the threshold (DL4J's adaptive threshold aims at 1e-4 to 1e-2; above
 *       1/16 it sends a bitmap of P/16 ints), and the decoding of one message into a P-float
 *       array, as every worker does for every other worker's update.
 *   <li>Spark's cost per task: jobs of many empty tasks in local[1], so the driver's scheduling
 *       and one executor thread's launch and result, with no training beside it.
 * </ul>
 *
 * Prints one JSON object. Usage: java RoundTerms.java P1,P2,... SHARE1,SHARE2,...
 */
public class RoundTerms {
  private static final int REPEATS = 20;

  public static void main(String[] args) {
    List<String> rows = new ArrayList<>();
    for (String p : args[0].split(",")) {
      for (String share : args[1].split(",")) {
        rows.add(codec(Long.parseLong(p), Double.parseDouble(share)));
      }
    }
    System.out.printf(Locale.ROOT, "{\"codec\": [%s], \"perTaskMs\": %.3f}%n", String.join(", ", rows), perTaskMs());
  }

  /** Encodes a standard normal update at the threshold that leaves {@code share} of it above, then decodes it. */
  private static String codec(long parameters, double share) {
    Nd4j.getRandom().setSeed(1);
    INDArray update = Nd4j.randn(DataType.FLOAT, parameters);
    double threshold = Erf.erfcInv(share) * Math.sqrt(2);
    INDArray target = Nd4j.zeros(DataType.FLOAT, parameters);
    long encodeNs = 0;
    long decodeNs = 0;
    long ints = 0;
    for (int i = -5; i < REPEATS; i++) {  // five to warm up
      INDArray copy = update.dup();
      long t0 = System.nanoTime();
      INDArray encoded = Nd4j.getExecutioner().thresholdEncode(copy, threshold);
      long t1 = System.nanoTime();
      Nd4j.getExecutioner().thresholdDecode(encoded, target);
      long t2 = System.nanoTime();
      if (i >= 0) {
        encodeNs += t1 - t0;
        decodeNs += t2 - t1;
        ints = encoded.length();
      }
    }
    return String.format(Locale.ROOT, "{\"parameters\": %d, \"share\": %.4g, \"messageBytes\": %d, \"encodeMs\": %.3f, "
        + "\"decodeMs\": %.3f}", parameters, share, 4 * ints, encodeNs / 1e6 / REPEATS, decodeNs / 1e6 / REPEATS);
  }

  /** The median over five jobs of 2,000 empty tasks of the milliseconds per task. */
  private static double perTaskMs() {
    try (JavaSparkContext sc = new JavaSparkContext(new SparkConf().setMaster("local[1]").setAppName("round-terms")
        .set("spark.ui.enabled", "false"))) {
      List<Integer> none = new ArrayList<>();
      List<Double> perTask = new ArrayList<>();
      int tasks = 2_000;
      for (int i = -2; i < 5; i++) {  // two to warm up
        long t0 = System.nanoTime();
        sc.parallelize(none, tasks).count();
        if (i >= 0) {
          perTask.add((System.nanoTime() - t0) / 1e6 / tasks);
        }
      }
      perTask.sort(null);
      return perTask.get(perTask.size() / 2);
    }
  }
}
