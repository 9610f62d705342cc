package dev.sparkcnn.refusal;

/**
 * A command's options do not make a request that can be carried out: a value out of its range, a
 * missing or conflicting option, a version that is not there. Not for config keys (those are the
 * config's problems, all reported at once) nor for data (an {@code InvalidDataException}).
 */
public final class InvalidUsageException extends Exception implements Refusal {
  private static final long serialVersionUID = 1L;

  public InvalidUsageException(String message) {
    super(message);
  }
}
