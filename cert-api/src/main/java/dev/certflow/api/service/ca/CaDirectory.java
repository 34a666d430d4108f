package dev.certflow.api.service.ca;

import java.net.URI;
import java.util.Map;
import java.util.Optional;

/**
 * What cert-api reads of a CA's ACME directory.
 *
 * @param renewalInfo the RFC 9773 renewalInfo resource, when the CA offers one
 * @param profiles the certificate profiles the CA lists, by name with their descriptions
 */
public record CaDirectory(Optional<URI> renewalInfo, Map<String, String> profiles) {}
