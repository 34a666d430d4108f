package dev.certflow.api.service.certificate;

import dev.certflow.api.entity.CertificateEntity;
import dev.certflow.api.entity.CertificateVersionEntity;
import java.util.List;

/**
 * A certificate with its current version (null while none exists).
 *
 * @param warnings what the last write accepted with a warning
 */
public record StoredCertificate(
    CertificateEntity certificate, CertificateVersionEntity current, List<String> warnings) {}
