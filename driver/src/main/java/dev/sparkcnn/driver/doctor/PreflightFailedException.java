package dev.sparkcnn.driver.doctor;

/** The preflight checks found a problem; the job stops before training. */
public final class PreflightFailedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public PreflightFailedException(String message) {
    super(message);
  }
}
