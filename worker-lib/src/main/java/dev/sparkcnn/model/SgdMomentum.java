package dev.sparkcnn.model;

import java.util.Map;
import java.util.Objects;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.schedule.ISchedule;

/**
 * SGD with classical (heavy-ball) momentum, as PyTorch's {@code SGD(momentum=m)} computes it:
 * v = m v + g, then the step is lr v. DL4J 1.0.0-M2 has momentum only in Nesterov's form
 * ({@code Nesterovs}); this is the other. Plain getters and setters, because DL4J writes a
 * network's updater into its JSON configuration, which Spark workers read back.
 */
public final class SgdMomentum implements IUpdater {
  private static final long serialVersionUID = 1L;
  private double learningRate;
  private double momentum;

  /** For JSON. */
  public SgdMomentum() {
    this(0.01, 0.9);
  }

  /**
   * @param learningRate step size, &gt; 0
   * @param momentum share of the previous velocity kept, in [0, 1)
   */
  public SgdMomentum(double learningRate, double momentum) {
    this.learningRate = learningRate;
    this.momentum = momentum;
  }

  public double getLearningRate() {
    return learningRate;
  }

  public void setLearningRate(double learningRate) {
    this.learningRate = learningRate;
  }

  public double getMomentum() {
    return momentum;
  }

  public void setMomentum(double momentum) {
    this.momentum = momentum;
  }

  /** One velocity per parameter. */
  @Override
  public long stateSize(long numParams) {
    return numParams;
  }

  @Override
  public GradientUpdater instantiate(INDArray viewArray, boolean initializeViewArray) {
    Updater updater = new Updater(this);
    updater.setStateViewArray(viewArray, viewArray.shape(), viewArray.ordering(), initializeViewArray);
    return updater;
  }

  @Override
  public GradientUpdater instantiate(Map<String, INDArray> state, boolean initializeStateArrays) {
    Updater updater = new Updater(this);
    updater.setState(state, initializeStateArrays);
    return updater;
  }

  @Override
  public double getLearningRate(int iteration, int epoch) {
    return learningRate;
  }

  @Override
  public boolean hasLearningRate() {
    return true;
  }

  /** spark-cnn schedules the rate itself (per averaging round), so DL4J's schedules are refused. */
  @Override
  public void setLrAndSchedule(double lr, ISchedule schedule) {
    if (schedule != null) {
      throw new UnsupportedOperationException("SgdMomentum takes a fixed rate; spark-cnn applies its own schedule");
    }
    this.learningRate = lr;
  }

  @Override
  public SgdMomentum clone() {
    return new SgdMomentum(learningRate, momentum);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SgdMomentum other && other.learningRate == learningRate && other.momentum == momentum;
  }

  @Override
  public int hashCode() {
    return Objects.hash(learningRate, momentum);
  }

  @Override
  public String toString() {
    return "SgdMomentum(learningRate=" + learningRate + ", momentum=" + momentum + ")";
  }

  /** The per-layer state: the velocity, a view into the network's updater state array. */
  static final class Updater implements GradientUpdater<SgdMomentum> {
    static final String VELOCITY = "V";
    private final SgdMomentum config;
    private INDArray velocity;

    Updater(SgdMomentum config) {
      this.config = config;
    }

    @Override
    public SgdMomentum getConfig() {
      return config;
    }

    @Override
    public void setState(Map<String, INDArray> state, boolean initialize) {
      if (state == null || state.size() != 1 || !state.containsKey(VELOCITY)) {
        throw new IllegalStateException("SgdMomentum's state is one array named " + VELOCITY + ", got " + state);
      }
      velocity = state.get(VELOCITY);
      if (initialize) {
        velocity.assign(0);
      }
    }

    @Override
    public Map<String, INDArray> getState() {
      return Map.of(VELOCITY, velocity);
    }

    @Override
    public void setStateViewArray(INDArray viewArray, long[] gradientShape, char gradientOrder, boolean initialize) {
      if (initialize) {
        viewArray.assign(0);
      }
      velocity = viewArray.reshape(gradientOrder, gradientShape);
    }

    /** Turns {@code gradient}, in place, into the step DL4J subtracts from the parameters. */
    @Override
    public void applyUpdater(INDArray gradient, int iteration, int epoch) {
      velocity.muli(config.momentum).addi(gradient);
      gradient.assign(velocity).muli(config.learningRate);
    }
  }
}
