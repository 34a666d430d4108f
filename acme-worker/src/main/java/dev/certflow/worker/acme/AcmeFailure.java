package dev.certflow.worker.acme;

import java.time.Instant;

/** Why an order failed, classed as retryable or final, with the CA's own detail. */
public class AcmeFailure extends Exception {
  private static final long serialVersionUID = 1L;

  private final String problemType;
  private final boolean retryable;
  private final transient Instant retryAfter;

  public AcmeFailure(String problemType, String detail, boolean retryable, Instant retryAfter) {
    super(detail);
    this.problemType = problemType;
    this.retryable = retryable;
    this.retryAfter = retryAfter;
  }

  public static AcmeFailure retryable(String problemType, String detail) {
    return new AcmeFailure(problemType, detail, true, null);
  }

  public static AcmeFailure fatal(String problemType, String detail) {
    return new AcmeFailure(problemType, detail, false, null);
  }

  public String problemType() {
    return problemType;
  }

  public boolean retryable() {
    return retryable;
  }

  public Instant retryAfter() {
    return retryAfter;
  }
}
