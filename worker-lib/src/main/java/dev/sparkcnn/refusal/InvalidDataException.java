package dev.sparkcnn.refusal;

import java.io.IOException;

/**
 * Input data is not what a run needs: a file, a column, a folder or an image. The message always
 * starts with what to look at (the file, the column or the folder) and says what was expected and
 * what was found, because the user's only fix is to look there. Serializable with its message, so
 * that a task that meets bad data on an executor reports it to the driver intact. An
 * {@code IOException}, as it comes out of reading; a {@link Refusal}, as it is the input's fault.
 * Open to subclasses, so that a format can name its own problems ({@code IdxFormatException}).
 */
public non-sealed class InvalidDataException extends IOException implements Refusal {
  private static final long serialVersionUID = 1L;

  public InvalidDataException(String source, String problem) {
    super(source + ": " + problem);
  }

  public InvalidDataException(String source, String problem, Throwable cause) {
    super(source + ": " + problem, cause);
  }

  /**
   * The first {@code InvalidDataException} among {@code e} and its causes: Spark hands a task's
   * exception back to the driver as the cause of its own.
   */
  public static java.util.Optional<InvalidDataException> findIn(Throwable e) {
    return Refusal.firstIn(e, InvalidDataException.class);
  }
}
