package dev.certflow.api.service;

import jakarta.persistence.EntityManager;
import jakarta.persistence.Parameter;
import jakarta.persistence.Query;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** Binding for native queries assembled from optional parts. */
public final class NativeQueries {

  private NativeQueries() {}

  /** {@code select count(*) from certificate c where ...}. */
  public static long countCertificates(
      EntityManager em, String where, Map<String, Object> parameters) {
    return ((Number)
            bind(em.createNativeQuery("select count(*) from certificate c" + where), parameters)
                .getSingleResult())
        .longValue();
  }

  /** Sets the parameters the query names; the parts left out leave theirs unset. */
  public static Query bind(Query query, Map<String, Object> parameters) {
    Set<String> named =
        query.getParameters().stream().map(Parameter::getName).collect(Collectors.toSet());
    parameters.forEach(
        (name, value) -> {
          if (named.contains(name)) {
            query.setParameter(name, value);
          }
        });
    return query;
  }
}
