package dev.sparkcnn.data;

import dev.sparkcnn.refusal.InvalidDataException;

/**
 * An IDX file is not what it claims to be. The message always names the file and says what was
 * expected and what was found, because the user's only fix is to look at that file.
 */
public final class IdxFormatException extends InvalidDataException {
  private static final long serialVersionUID = 1L;

  public IdxFormatException(String file, String problem) {
    super(file, problem);
  }

  public IdxFormatException(String file, String problem, Throwable cause) {
    super(file, problem, cause);
  }
}
