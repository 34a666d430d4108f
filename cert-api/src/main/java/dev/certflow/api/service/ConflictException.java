package dev.certflow.api.service;

/** The request clashes with existing state, such as a name already taken. */
public class ConflictException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String field;

  public ConflictException(String field, String message) {
    super(message);
    this.field = field;
  }

  public String field() {
    return field;
  }
}
