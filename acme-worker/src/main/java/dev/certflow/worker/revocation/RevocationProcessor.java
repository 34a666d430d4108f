package dev.certflow.worker.revocation;

import dev.certflow.events.RevocationCommand;
import dev.certflow.events.RevocationResult;
import dev.certflow.worker.acme.AcmeAccounts;
import dev.certflow.worker.acme.CaSettings;
import dev.certflow.worker.acme.CertificateAuthorities;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import org.jboss.logging.Logger;
import org.shredzone.acme4j.Certificate;
import org.shredzone.acme4j.RevocationReason;
import org.shredzone.acme4j.exception.AcmeException;
import org.shredzone.acme4j.exception.AcmeServerException;

/**
 * Revokes a certificate at the CA that issued it (RFC 8555, 7.6), signed with the account key every
 * worker shares: the account that ordered it may revoke it, so no private key of a certificate ever
 * reaches a worker. A CA answering {@code alreadyRevoked} counts as revoked.
 */
@ApplicationScoped
public class RevocationProcessor {

  private static final Logger LOG = Logger.getLogger(RevocationProcessor.class);
  private static final String ALREADY_REVOKED = "urn:ietf:params:acme:error:alreadyRevoked";

  private final CertificateAuthorities authorities;
  private final AcmeAccounts accounts;

  RevocationProcessor(CertificateAuthorities authorities, AcmeAccounts accounts) {
    this.authorities = authorities;
    this.accounts = accounts;
  }

  public RevocationResult process(RevocationCommand command) {
    try {
      CaSettings ca = authorities.resolve(command.ca());
      X509Certificate leaf =
          (X509Certificate)
              CertificateFactory.getInstance("X.509")
                  .generateCertificate(
                      new ByteArrayInputStream(
                          command.certificatePem().getBytes(StandardCharsets.US_ASCII)));
      Certificate.revoke(accounts.login(ca), leaf, RevocationReason.code(command.reason()));
      LOG.infof(
          "certificate %s version %d: revoked at %s (reason %d)",
          command.certificate(), command.version(), ca.name(), command.reason());
      return answer(command, true, null);
    } catch (AcmeServerException e) {
      if (ALREADY_REVOKED.equals(e.getType().toString())) {
        return answer(command, true, null);
      }
      return failed(command, e.getMessage());
    } catch (AcmeException | GeneralSecurityException | RuntimeException e) {
      return failed(command, e.getMessage());
    }
  }

  private static RevocationResult failed(RevocationCommand command, String detail) {
    LOG.warnf(
        "certificate %s version %d: revocation failed: %s",
        command.certificate(), command.version(), detail);
    return answer(command, false, detail);
  }

  private static RevocationResult answer(
      RevocationCommand command, boolean revoked, String detail) {
    return new RevocationResult(
        command.revocationId(), command.certificate(), command.version(), revoked, detail);
  }
}
