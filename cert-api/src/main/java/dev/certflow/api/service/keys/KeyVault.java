package dev.certflow.api.service.keys;

import dev.certflow.events.CertificateBundle;
import dev.certflow.events.OrderCommand;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Seals and opens the secrets cert-api keeps: private keys and DNS service URLs at rest under the
 * master key, private keys for the agents under the agent key. Each seal is bound to the
 * certificate's name, so a sealed value copied to another row does not open.
 */
@ApplicationScoped
public class KeyVault {

  private final Sealers sealers;

  KeyVault(Sealers sealers) {
    this.sealers = sealers;
  }

  public String sealKey(String certificate, byte[] pkcs8) {
    return sealers.master().seal(pkcs8, aad("private-key", certificate));
  }

  public byte[] openKey(String certificate, String sealed) {
    return sealers.master().open(sealed, aad("private-key", certificate));
  }

  public String sealUrl(String certificate, String url) {
    return sealers
        .master()
        .seal(url.getBytes(StandardCharsets.UTF_8), aad("dns-service-url", certificate));
  }

  public String openUrl(String certificate, String sealed) {
    return new String(
        sealers.master().open(sealed, aad("dns-service-url", certificate)), StandardCharsets.UTF_8);
  }

  /** The DNS service URL re-sealed for dns-gateway, which alone resolves and uses it. */
  public Optional<String> sealUrlForGateway(
      String certificate, List<String> domains, String sealedAtRest) {
    return sealers
        .dns()
        .map(
            sealer ->
                sealer.seal(
                    openUrl(certificate, sealedAtRest).getBytes(StandardCharsets.UTF_8),
                    OrderCommand.dnsUrlAad(certificate, domains)));
  }

  public String sealForAgents(String certificate, byte[] pkcs8) {
    return sealers.agent().seal(pkcs8, CertificateBundle.keyAad(certificate));
  }

  /**
   * A value sealed at rest under an older master key, sealed again under the current one; empty
   * when it already is. {@code kind} names the value as its seal was bound ("private-key", ...).
   */
  public Optional<String> resealAtRest(String kind, String certificate, String sealed) {
    byte[] aad = aad(kind, certificate);
    if (sealers.master().sealedUnderCurrentKey(sealed, aad)) {
      return Optional.empty();
    }
    byte[] plain = sealers.master().open(sealed, aad);
    try {
      return Optional.of(sealers.master().seal(plain, aad));
    } finally {
      Arrays.fill(plain, (byte) 0);
    }
  }

  private static byte[] aad(String kind, String certificate) {
    return ("certflow-master:" + kind + ":" + certificate).getBytes(StandardCharsets.UTF_8);
  }
}
