package dev.certflow.api.service;

/**
 * One fault in a request, named by the JSON field it concerns.
 *
 * @param field the JSON field name, for example {@code tls_key}
 * @param detail what is wrong, for a person to read
 */
public record FieldError(String field, String detail) {}
