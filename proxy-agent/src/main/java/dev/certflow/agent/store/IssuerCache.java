package dev.certflow.agent.store;

import java.nio.ByteBuffer;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One parsed copy of each issuer certificate: a fleet has a hundred thousand leaves but a handful
 * of intermediates, and each parsed certificate costs kilobytes. Issuers no longer used by any
 * certificate stay until the next restart; there are few of them.
 */
final class IssuerCache {

  // Keyed by the DER bytes: a ByteBuffer compares by content.
  private final Map<ByteBuffer, X509Certificate> issuers = new ConcurrentHashMap<>();

  X509Certificate intern(X509Certificate issuer) {
    try {
      return issuers.computeIfAbsent(ByteBuffer.wrap(issuer.getEncoded()), der -> issuer);
    } catch (CertificateEncodingException e) {
      return issuer;
    }
  }

  int size() {
    return issuers.size();
  }
}
