package dev.certflow.worker.acme;

import java.net.URI;
import java.util.Optional;
import javax.net.ssl.SSLContext;

/**
 * How to reach one ACME CA.
 *
 * @param name the configured name, or the directory URL itself
 * @param directory the ACME directory URL
 * @param trust a TLS context trusting a private CA's server, when configured
 * @param eabKid External Account Binding key id, when the CA needs one
 * @param eabHmacKey External Account Binding HMAC key (base64url)
 */
public record CaSettings(
    String name,
    URI directory,
    Optional<SSLContext> trust,
    Optional<String> eabKid,
    Optional<String> eabHmacKey) {}
