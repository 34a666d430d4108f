package dev.certflow.api.service;

import java.util.List;

/** A request that breaks one or more rules; nothing was changed. */
public class ValidationException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final transient List<FieldError> errors;

  public ValidationException(List<FieldError> errors) {
    super(
        errors.isEmpty()
            ? "invalid request"
            : errors.get(0).field() + ": " + errors.get(0).detail());
    this.errors = List.copyOf(errors);
  }

  public ValidationException(String field, String detail) {
    this(List.of(new FieldError(field, detail)));
  }

  public List<FieldError> errors() {
    return errors;
  }
}
