package dev.sparkcnn.driver.train;

import java.io.IOException;

/** The loss or the parameters stopped being finite numbers; nothing of that epoch was saved. */
public final class TrainingDivergedException extends IOException {
  private static final long serialVersionUID = 1L;

  public TrainingDivergedException(String message) {
    super(message);
  }
}
