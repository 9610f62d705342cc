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
  private final String executor;

  /**
   * @param trial its name, e.g. t003
   * @param epochs epochs it trained
   * @param stoppedEarly whether the stopping rule ended it before its last epoch
   * @param seconds wall time of the trial, s
   * @param executor the Spark executor that trained it (its ID), or "distributed" for a sequential trial
   */
  public Outcome(String trial, int epochs, boolean stoppedEarly, double seconds, String executor) {
    this.trial = trial;
    this.epochs = epochs;
    this.stoppedEarly = stoppedEarly;
    this.seconds = seconds;
    this.executor = executor;
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

  public String executor() {
    return executor;
  }
}
