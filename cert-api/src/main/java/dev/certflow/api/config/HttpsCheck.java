package dev.certflow.api.config;

import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Refuses to start with half an HTTPS setting: a certificate without its key (or the other way
 * round) would otherwise serve plain HTTP while the operator believes it is HTTPS.
 */
@Startup
@ApplicationScoped
public class HttpsCheck {

  HttpsCheck() {
    HttpsConfigSource.problem(System.getenv())
        .ifPresent(
            problem -> {
              throw new IllegalStateException("refusing to start: " + problem);
            });
  }
}
