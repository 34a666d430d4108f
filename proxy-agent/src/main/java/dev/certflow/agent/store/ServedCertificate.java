package dev.certflow.agent.store;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;

/**
 * A certificate ready to serve: the parsed chain and the opened key.
 *
 * @param alias the key manager alias: name and version, unique per bundle
 * @param fullchainPem the chain as received, for the files on disk
 */
public record ServedCertificate(
    String name,
    int version,
    List<String> domains,
    boolean isDefault,
    boolean isCa,
    String serial,
    Instant notBefore,
    Instant notAfter,
    List<X509Certificate> chain,
    PrivateKey privateKey,
    String fullchainPem,
    String alias) {

  public ServedCertificate {
    chain = List.copyOf(chain);
  }

  /** The key algorithm as TLS key managers name it: RSA, EC, EdDSA. */
  public String keyType() {
    return chain.get(0).getPublicKey().getAlgorithm();
  }

  @Override
  public String toString() {
    return "ServedCertificate[" + name + " v" + version + " serial " + serial + "]";
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof ServedCertificate s && s.alias.equals(alias);
  }

  @Override
  public int hashCode() {
    return alias.hashCode();
  }
}
