package dev.sparkcnn.refusal;

import java.util.Optional;

/**
 * A failure that is the user's input, refused before it could do harm: the command line, the config,
 * the data, a model file. Its message alone says what to fix, naming the option, key or file. What
 * a refusal extends says how it travels (an {@code IOException} out of a reader, a checked exception
 * out of a parser); being a refusal is what makes the command line exit 2 and print one line.
 */
public interface Refusal {
  /** What was refused and what to do about it, naming the option, key or file. */
  String getMessage();

  /**
   * The first refusal among {@code e} and its causes: Spark hands a task's exception back to the
   * driver as the cause of its own, and readers wrap what they call.
   */
  static Optional<Throwable> findIn(Throwable e) {
    return firstIn(e, Refusal.class).map(Throwable.class::cast);
  }

  /** The first of {@code e} and its causes that is a {@code type}. */
  static <T> Optional<T> firstIn(Throwable e, Class<T> type) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (type.isInstance(t)) {
        return Optional.of(type.cast(t));
      }
    }
    return Optional.empty();
  }
}
