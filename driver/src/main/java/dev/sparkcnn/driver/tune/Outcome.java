package dev.sparkcnn.driver.tune;

import java.io.Serializable;

/**
 * How a trial ended. A plain class, not a record: Spark returns it from executors through Kryo,
 * which cannot set a record's final fields.
 */
public final class Outcome implements Serializable {
  private static final long serialVersionUID = 1L;
  private final String trial;
  private final int epochs;
  private final boolean stoppedEarly;
  private final double seconds;

  /**
   * @param trial its name, e.g. t003
   * @param epochs epochs it trained
   * @param stoppedEarly whether the stopping rule ended it before its last epoch
   * @param seconds wall time of the trial, s
   */
  public Outcome(String trial, int epochs, boolean stoppedEarly, double seconds) {
    this.trial = trial;
    this.epochs = epochs;
    this.stoppedEarly = stoppedEarly;
    this.seconds = seconds;
  }

  public String trial() {
    return trial;
  }

  public int epochs() {
    return epochs;
  }

  public boolean stoppedEarly() {
    return stoppedEarly;
  }

  public double seconds() {
    return seconds;
  }
}
