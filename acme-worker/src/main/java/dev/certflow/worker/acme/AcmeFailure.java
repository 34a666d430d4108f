package dev.certflow.worker.acme;

import java.time.Instant;

/** Why an order failed, classed as retryable or final, with the CA's own detail. */
public class AcmeFailure extends Exception {
  private static final long serialVersionUID = 1L;

  private final String problemType;
  private final boolean retryable;
  private final transient Instant retryAfter;
  private final String unpauseUrl;

  public AcmeFailure(String problemType, String detail, boolean retryable, Instant retryAfter) {
    this(problemType, detail, retryable, retryAfter, null);
  }

  AcmeFailure(
      String problemType, String detail, boolean retryable, Instant retryAfter, String unpauseUrl) {
    super(detail);
    this.problemType = problemType;
    this.retryable = retryable;
    this.retryAfter = retryAfter;
    this.unpauseUrl = unpauseUrl;
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

  /** Where the account's owner lifts the CA's pause on the account, when this is one. */
  public String unpauseUrl() {
    return unpauseUrl;
  }
}
