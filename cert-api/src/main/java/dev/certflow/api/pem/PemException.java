package dev.certflow.api.pem;

/** Text that is not acceptable PEM; the message says why, and never echoes key material. */
public class PemException extends Exception {
  private static final long serialVersionUID = 1L;

  public PemException(String message) {
    super(message);
  }
}
