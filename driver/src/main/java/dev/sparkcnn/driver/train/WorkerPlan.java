package dev.sparkcnn.driver.train;

import dev.sparkcnn.driver.config.TrainingConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.ExecutorAllocationClient;
import org.apache.spark.SparkContext;
import org.apache.spark.status.api.v1.ExecutorSummary;
import scala.collection.JavaConverters;

/**
 * How many workers (training tasks per averaging round) an epoch gets: a fixed number, or with
 * {@code training.workers: auto} the task slots of the executors alive when the epoch starts, times
 * {@code workersPerSlot}, within {@code minWorkers..maxWorkers}.
 *
 * <p>The count changes only between epochs, because an epoch's layout (which images each
 * worker's share of each round holds) is cut for one count; a checkpoint taken inside an epoch
 * records its count, and a resumed run finishes that epoch with it. What follows from the count:
 * an epoch has {@code ceil(images / (workers x batchSizePerWorker x averagingFrequency))} rounds,
 * each averaging {@code workers} models that each fitted {@code averagingFrequency} minibatches, so
 * more workers mean fewer, larger rounds. The learning rate is not scaled: averaging the workers'
 * models moves the parameters about as far as one worker's steps do, with less noise, unlike
 * summed gradients, where the step grows with the batch (the linear-scaling rule's setting).
 *
 * <p>Given the same schedule of counts, a run's parameters are the same bit for bit, whichever
 * executors ran it: every permutation, augmentation and dropout mask is seeded by (seed, epoch,
 * round, worker), never by an executor.
 *
 * <p>That is what makes more workers than slots a defence against a slow executor: the round's
 * tasks queue, each slot takes the next as it frees, so a slow executor fits fewer shares and the
 * others more, and which executor fitted which share changes no bit. With one worker per slot, a
 * slow executor's share is the round's last task, and only speculation (a copy started on a slot
 * that finished) can shorten it.
 *
 * @param fixed the configured count; 0 for auto
 * @param min with auto, the fewest workers (at least 1)
 * @param max with auto, the most; 0 for no limit
 * @param perSlot with auto, workers per live task slot (at least 1)
 */
public record WorkerPlan(int fixed, int min, int max, int perSlot) {
  public WorkerPlan {
    if (fixed < 0 || min < 1 || max < 0 || (max > 0 && max < min) || perSlot < 1) {
      throw new IllegalArgumentException("workers " + fixed + ", min " + min + ", max " + max + ", per slot " + perSlot);
    }
  }

  public static WorkerPlan of(TrainingConfig training) {
    return new WorkerPlan(training.workers(), training.minWorkers(), training.maxWorkers(), training.workersPerSlot());
  }

  public boolean auto() {
    return fixed == 0;
  }

  /** The count for an epoch that starts while {@code liveSlots} task slots are alive. */
  public int workersFor(int liveSlots) {
    if (!auto()) {
      return fixed;
    }
    int count = Math.max(min, Math.multiplyExact(liveSlots, perSlot));
    return max > 0 ? Math.min(max, count) : count;
  }

  /**
   * Why an epoch got {@code workers}, for the console: "2 live task slots", "2 live task slots x
   * training.workersPerSlot 2", "training.minWorkers 4 (1 live task slot)".
   */
  public String reason(int workers, int liveSlots) {
    String live = liveSlots + (liveSlots == 1 ? " live task slot" : " live task slots")
        + (perSlot > 1 ? " x training.workersPerSlot " + perSlot : "");
    if (!auto()) {
      return "training.workers " + fixed;
    }
    if (workers == liveSlots * perSlot) {
      return live;
    }
    return (workers == min && liveSlots * perSlot < min ? "training.minWorkers " + min : "training.maxWorkers " + max)
        + " (" + live + ")";
  }

  /**
   * The task slots of the executors alive now: each live executor's cores divided by
   * {@code spark.task.cpus}, as the application's status store (the one the UI shows) has them. In
   * local mode the driver is the executor, with local[N]'s N cores; on a cluster the driver has none.
   * Executors Spark excludes for failures do not count, nor, on a cluster, those its scheduler no
   * longer gives tasks: being removed or decommissioned (they stay listed while they hand their
   * blocks over).
   */
  public static int liveSlots(SparkContext sc) {
    int taskCpus = sc.getConf().getInt("spark.task.cpus", 1);
    ExecutorAllocationClient cluster = sc.schedulerBackend() instanceof ExecutorAllocationClient c ? c : null;
    int slots = 0;
    for (ExecutorSummary executor : JavaConverters.seqAsJavaList(sc.statusStore().executorList(true))) {
      boolean schedulable = cluster == null || "driver".equals(executor.id()) || cluster.isExecutorActive(executor.id());
      if (executor.isActive() && !executor.isExcluded() && schedulable) {
        slots += executor.totalCores() / taskCpus;
      }
    }
    return slots;
  }

  /**
   * The plan, for the console: "workers auto", "workers auto (2 to 8)", "workers auto (at least 2)",
   * "workers auto (2 per slot)".
   */
  public String describe() {
    if (!auto()) {
      return workers(fixed);
    }
    List<String> terms = new ArrayList<>();
    if (perSlot > 1) {
      terms.add(perSlot + " per slot");
    }
    if (max > 0) {
      terms.add(min + " to " + max);
    } else if (min > 1) {
      terms.add("at least " + min);
    }
    return "workers auto" + (terms.isEmpty() ? "" : " (" + String.join(", ", terms) + ")");
  }

  /** "1 worker", "3 workers". */
  static String workers(int count) {
    return String.format(Locale.ROOT, "%d %s", count, count == 1 ? "worker" : "workers");
  }
}
