package dev.dlpipe.engines;

/**
 * An error meant for the person running dlpipe, not for its developers: it states the problem, why
 * it happened, and how to fix it. The launcher prints these three parts without a stack trace and
 * exits non-zero; every other exception is a bug and is printed whole.
 */
public final class UserError extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final String problem;
  private final String why;
  private final String fix;

  private UserError(String problem, String why, String fix, Throwable cause) {
    super(problem + ": " + why + ". Fix: " + fix, cause);
    this.problem = problem;
    this.why = why;
    this.fix = fix;
  }

  /** A user error with the problem, its cause in words and the fix. */
  public static UserError of(String problem, String why, String fix) {
    return new UserError(problem, why, fix, null);
  }

  /**
   * As {@link #of(String, String, String)}, keeping the underlying exception for --verbose output.
   */
  public static UserError of(String problem, String why, String fix, Throwable cause) {
    return new UserError(problem, why, fix, cause);
  }

  public String problem() {
    return problem;
  }

  public String why() {
    return why;
  }

  public String fix() {
    return fix;
  }
}
