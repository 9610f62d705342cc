package dev.sparkcnn.driver.registry;

/** Another change of the registry's current version happened between reading it and changing it. */
public final class ConcurrentChangeException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  public ConcurrentChangeException(String registry, long expected, long actual) {
    super("registry " + registry + ": the current version changed meanwhile (generation " + expected + " expected, "
        + actual + " found); nothing was changed, read it again and retry");
  }
}
