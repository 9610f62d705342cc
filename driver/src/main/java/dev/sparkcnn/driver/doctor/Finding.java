package dev.sparkcnn.driver.doctor;

import java.io.Serializable;

/**
 * One line of a preflight report: what was checked, what was found, and, when it is a problem,
 * what to do about it. A plain class: it travels back from executors through Spark's serializer.
 */
public final class Finding implements Serializable {
  private static final long serialVersionUID = 1L;
  private final String check;
  private final String value;
  private final String problem;

  private Finding(String check, String value, String problem) {
    this.check = check;
    this.value = value;
    this.problem = problem;
  }

  /** A fact, fine as it is. */
  public static Finding ok(String check, String value) {
    return new Finding(check, value, null);
  }

  /** A fact that will break or slow training, and the fix. */
  public static Finding problem(String check, String value, String fix) {
    return new Finding(check, value, fix);
  }

  public String check() {
    return check;
  }

  public String value() {
    return value;
  }

  /** The fix, or null when this finding is fine. */
  public String problem() {
    return problem;
  }

  public boolean isProblem() {
    return problem != null;
  }
}
