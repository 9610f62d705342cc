package dev.sparkcnn.refusal;

import java.util.Optional;

/**
 * A failure that is the user's input, refused before it could do harm. There are three kinds, and
 * no others: a command's options ({@link InvalidUsageException}), the config's keys
 * ({@link InvalidConfigException}, every problem at once) and the data or a model file
 * ({@link InvalidDataException}). Its message alone says what to fix, naming the option, key or
 * file. What a refusal extends says how it travels (an {@code IOException} out of a reader, a
 * checked exception out of a parser); being a refusal is what makes the command line exit 2 and
 * print one line. Library entry points that take input from a caller (the Spark ML estimator)
 * rethrow refusals as {@code IllegalArgumentException}, as Spark ML does.
 */
public sealed interface Refusal permits InvalidUsageException, InvalidConfigException, InvalidDataException {
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
