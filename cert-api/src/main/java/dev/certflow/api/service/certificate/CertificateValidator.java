package dev.certflow.api.service.certificate;

import com.fasterxml.jackson.databind.JsonNode;
import dev.certflow.api.config.CertflowConfig;
import dev.certflow.api.entity.CertificateEntity;
import dev.certflow.api.pem.CertificateChainReader;
import dev.certflow.api.pem.CertificateFacts;
import dev.certflow.api.pem.Hostnames;
import dev.certflow.api.pem.KeyPairCheck;
import dev.certflow.api.pem.PemException;
import dev.certflow.api.pem.PemWriter;
import dev.certflow.api.pem.PrivateKeyReader;
import dev.certflow.api.service.FieldError;
import dev.certflow.api.service.ValidationException;
import dev.certflow.api.service.ca.CaDirectories;
import dev.certflow.api.service.version.ValidatedCertificate;
import dev.certflow.security.DnsServiceUrls;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Checks a certificate request against every rule and normalizes it. Collects all faults, so the
 * user can fix them in one go; nothing is stored unless this returns.
 */
@ApplicationScoped
public class CertificateValidator {

  static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
  static final int MAX_CERT_CHARS = 65_536;
  static final int MAX_KEY_CHARS = 16_384;
  static final int MAX_REMARK = 1024;
  static final int MAX_URL = 2048;
  static final int MAX_DOMAINS = 100;

  /** Key types an ACME certificate may ask for. */
  public static final Set<String> KEY_TYPES =
      Set.of("ec-p256", "ec-p384", "rsa-2048", "rsa-3072", "rsa-4096");

  static final Pattern PROFILE = Pattern.compile("[A-Za-z0-9._-]{1,64}");
  static final int MAX_CAS = 5;

  private final Clock clock;
  private final CertflowConfig config;
  private final CaDirectories directories;

  @Inject
  CertificateValidator(CertflowConfig config, CaDirectories directories) {
    this(config, directories, Clock.systemUTC());
  }

  CertificateValidator(CertflowConfig config, CaDirectories directories, Clock clock) {
    this.config = config;
    this.directories = directories;
    this.clock = clock;
  }

  /**
   * Validates a request.
   *
   * @param name the certificate's name (from the body on create, from the path on update)
   * @param existing the stored certificate on update, else null
   * @throws ValidationException listing every fault
   */
  public ValidatedCertificate validate(
      String name, CertificateRequest request, CertificateEntity existing) {
    List<FieldError> errors = new ArrayList<>();
    List<String> warnings = new ArrayList<>();

    if (name == null || name.isBlank()) {
      errors.add(new FieldError("name", "is required"));
    } else if (!NAME.matcher(name).matches()) {
      errors.add(
          new FieldError(
              "name",
              "must be 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit"));
    }
    if (existing != null && request.name() != null && !request.name().equals(name)) {
      errors.add(new FieldError("name", "cannot be changed (the path names '" + name + "')"));
    }

    String acmeCa = acmeCa(errors, request.acme(), existing);
    boolean acme = acmeCa != null;
    String profile = profile(errors, request.profile(), acmeCa, existing);
    String keyType =
        request.keyType() != null
            ? request.keyType().strip()
            : existing != null ? existing.keyType : "ec-p256";
    if (!KEY_TYPES.contains(keyType)) {
      errors.add(
          new FieldError(
              "key_type", "must be one of " + String.join(", ", new TreeSet<>(KEY_TYPES))));
    }
    boolean isCa = flag(request.isCa(), existing != null && existing.isCa);
    boolean dnsChallenge = flag(request.dnsChallenge(), existing != null && existing.dnsChallenge);
    String dnsProvider = request.dnsProvider() != null ? request.dnsProvider().strip() : null;
    if (dnsProvider == null && existing != null && request.dnsChallenge() == null) {
      dnsProvider = existing.dnsProvider;
    }
    Integer bufferDays = request.bufferDays();
    if (bufferDays == null && existing != null) {
      bufferDays = existing.bufferDays;
    }
    String remark =
        request.remark() != null ? request.remark() : existing != null ? existing.remark : null;

    checkLength(errors, "tls_cert", request.tlsCert(), MAX_CERT_CHARS);
    checkLength(errors, "tls_key", request.tlsKey(), MAX_KEY_CHARS);
    checkLength(errors, "remark", remark, MAX_REMARK);
    checkLength(errors, "dns_service_url", request.dnsServiceUrl(), MAX_URL);
    if (bufferDays != null && (bufferDays < 1 || bufferDays > 365)) {
      errors.add(new FieldError("buffer_days", "must be between 1 and 365"));
    }

    List<String> domains = normalizeDomains(errors, request.domains(), existing);

    boolean hasCert = request.tlsCert() != null && !request.tlsCert().isBlank();
    boolean hasKey = request.tlsKey() != null && !request.tlsKey().isBlank();
    if (acme) {
      if (hasCert || hasKey) {
        errors.add(
            new FieldError(
                hasCert ? "tls_cert" : "tls_key",
                "must be empty for an acme certificate (the key is generated and the"
                    + " certificate issued)"));
      }
      if (isCa) {
        errors.add(new FieldError("is_ca", "an ACME CA does not issue CA certificates"));
      }
      if (domains != null && domains.isEmpty()) {
        errors.add(new FieldError("domains", "is required for an acme certificate"));
      }
      if (domains != null && !dnsChallenge && domains.stream().anyMatch(d -> d.startsWith("*."))) {
        errors.add(
            new FieldError(
                "domains", "wildcard names need dns_challenge (HTTP-01 cannot prove them)"));
      }
    } else {
      if (dnsChallenge) {
        errors.add(new FieldError("dns_challenge", "applies only to acme certificates"));
      }
      boolean needsMaterial = existing == null || existing.currentVersion == null;
      if (needsMaterial && !hasCert) {
        errors.add(new FieldError("tls_cert", "is required when uploading a certificate"));
      }
      if ((needsMaterial || hasCert) && !hasKey) {
        errors.add(new FieldError("tls_key", "is required with tls_cert"));
      }
      if (hasKey && !hasCert) {
        errors.add(new FieldError("tls_cert", "is required with tls_key"));
      }
    }
    if (dnsChallenge) {
      if (dnsProvider == null || dnsProvider.isEmpty()) {
        errors.add(new FieldError("dns_provider", "is required with dns_challenge"));
      } else if (!"manual".equals(dnsProvider)
          && (request.dnsServiceUrl() == null || request.dnsServiceUrl().isBlank())
          && (existing == null || existing.dnsServiceUrlSealed == null)) {
        errors.add(
            new FieldError("dns_service_url", "is required for dns_provider " + dnsProvider));
      } else if (request.dnsServiceUrl() != null
          && !request.dnsServiceUrl().isBlank()
          && DnsServiceUrls.PROVIDERS.contains(dnsProvider)) {
        DnsServiceUrls.problem(dnsProvider, request.dnsServiceUrl())
            .ifPresent(problem -> errors.add(new FieldError("dns_service_url", problem)));
      }
    }
    if (dnsProvider != null
        && !dnsProvider.isEmpty()
        && !DnsServiceUrls.PROVIDERS.contains(dnsProvider)) {
      errors.add(
          new FieldError(
              "dns_provider",
              "'"
                  + dnsProvider
                  + "' is not a known provider; use one of "
                  + DnsServiceUrls.PROVIDERS.stream().sorted().collect(Collectors.joining(", "))));
    }

    final ValidatedCertificate.Material material;
    if (!acme
        && hasCert
        && hasKey
        && errors.stream().noneMatch(e -> e.field().startsWith("tls_"))) {
      material =
          readMaterial(errors, warnings, request, isCa, Boolean.TRUE.equals(request.force()));
    } else {
      material = null;
    }
    if (material != null && domains != null) {
      if (domains.isEmpty()) {
        domains = isCa ? domains : material.facts().sans();
        if (domains.isEmpty()) {
          errors.add(
              new FieldError(
                  "domains",
                  "is required: the certificate names no DNS subject alternative names"));
        }
      } else if (!isCa) {
        List<String> uncovered =
            domains.stream().filter(d -> !Hostnames.covered(d, material.facts().sans())).toList();
        if (!uncovered.isEmpty()) {
          errors.add(
              new FieldError(
                  "domains",
                  String.join(", ", uncovered)
                      + " not covered by the certificate's names ("
                      + String.join(", ", material.facts().sans())
                      + ")"));
        }
      }
    }
    if (isCa && domains != null && domains.isEmpty()) {
      errors.add(new FieldError("domains", "is required for a CA: name the hosts to mint for"));
    }

    if (!errors.isEmpty()) {
      throw new ValidationException(errors);
    }
    return new ValidatedCertificate(
        name,
        domains,
        flag(request.isDefault(), existing != null && existing.isDefault),
        isCa,
        acmeCa,
        profile,
        keyType,
        dnsChallenge,
        dnsProvider == null || dnsProvider.isEmpty() ? null : dnsProvider,
        request.dnsServiceUrl(),
        bufferDays,
        remark,
        material,
        warnings);
  }

  /** The CAs an acme value names (comma-joined, in order), or null for an uploaded certificate. */
  private String acmeCa(List<FieldError> errors, JsonNode value, CertificateEntity existing) {
    if (value == null || value.isNull()) {
      return existing != null && existing.acme ? existing.acmeCa : null;
    }
    if (value.isBoolean()) {
      if (!value.booleanValue()) {
        return null;
      }
      return existing != null && existing.acmeCa != null ? existing.acmeCa : config.acmeDefaultCa();
    }
    if (value.isTextual()) {
      List<String> chain = config.acmeChains().get(value.textValue().strip());
      if (chain != null && !config.acmeCas().contains(value.textValue().strip())) {
        // A named list stands for its CAs, stored as the list: a later change of the name's
        // definition does not move certificates that were saved with it.
        List<String> cas = new ArrayList<>();
        for (String ca : chain) {
          String checked = oneCa(errors, ca);
          if (checked != null && !cas.contains(checked)) {
            cas.add(checked);
          }
        }
        return cas.isEmpty() || cas.size() > MAX_CAS ? null : String.join(",", cas);
      }
      return oneCa(errors, value.textValue());
    }
    if (value.isArray() && !value.isEmpty() && value.size() <= MAX_CAS) {
      List<String> chain = new ArrayList<>();
      for (JsonNode element : value) {
        String ca = element.isTextual() ? oneCa(errors, element.textValue()) : null;
        if (!element.isTextual()) {
          errors.add(new FieldError("acme", "lists CA names or directory URLs only"));
        } else if (ca != null && chain.contains(ca)) {
          errors.add(new FieldError("acme", "lists " + ca + " twice"));
        } else if (ca != null) {
          chain.add(ca);
        }
      }
      return chain.size() == value.size() ? String.join(",", chain) : null;
    }
    errors.add(
        new FieldError(
            "acme",
            "must be true, false, a CA name, an ACME directory URL, or a list of 1 to "
                + MAX_CAS
                + " of them (tried in order)"));
    return null;
  }

  /** One CA: a known name or an https:// directory URL; null (with the error) otherwise. */
  private String oneCa(List<FieldError> errors, String text) {
    String ca = text.strip();
    if (config.acmeCas().contains(ca)) {
      return ca;
    }
    if (ca.startsWith("https://") && ca.length() <= MAX_URL && !ca.contains(",")) {
      try {
        URI uri = new URI(ca);
        if (uri.getHost() != null) {
          return ca;
        }
      } catch (URISyntaxException e) {
        // reported below
      }
    }
    errors.add(
        new FieldError(
            "acme",
            "'"
                + ca
                + "' is neither a known CA ("
                + String.join(", ", config.acmeCas())
                + ") nor an https:// ACME directory URL"));
    return null;
  }

  /**
   * The profile to ask for, checked against the first CA's directory when it is new or the CAs
   * changed: a profile the CA does not list is refused now, not at the first order.
   */
  private String profile(
      List<FieldError> errors, String requested, String acmeCa, CertificateEntity existing) {
    String profile =
        requested != null ? requested.strip() : existing != null ? existing.profile : null;
    if (profile == null || profile.isEmpty()) {
      return null;
    }
    if (!PROFILE.matcher(profile).matches()) {
      errors.add(new FieldError("profile", "must be 1-64 letters, digits, '.', '_' or '-'"));
      return null;
    }
    if (acmeCa == null) {
      if (requested != null) {
        errors.add(new FieldError("profile", "applies only to acme certificates"));
      }
      return null;
    }
    boolean unchanged =
        existing != null && profile.equals(existing.profile) && acmeCa.equals(existing.acmeCa);
    if (unchanged) {
      return profile;
    }
    String ca = acmeCa.split(",", -1)[0];
    try {
      Map<String, String> offered = directories.directory(ca).profiles();
      if (!offered.containsKey(profile)) {
        errors.add(
            new FieldError(
                "profile",
                ca
                    + " does not offer '"
                    + profile
                    + "'"
                    + (offered.isEmpty()
                        ? " (it lists no profiles)"
                        : "; it offers " + String.join(", ", offered.keySet()))));
      }
    } catch (IOException e) {
      errors.add(
          new FieldError(
              "profile",
              "could not be checked: "
                  + ca
                  + "'s directory did not answer ("
                  + e.getMessage()
                  + "); try again"));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      errors.add(new FieldError("profile", "could not be checked: interrupted"));
    }
    return profile;
  }

  private static boolean flag(Boolean value, boolean fallback) {
    return value != null ? value : fallback;
  }

  private static void checkLength(List<FieldError> errors, String field, String value, int max) {
    if (value != null && value.length() > max) {
      errors.add(new FieldError(field, "is longer than " + max + " characters"));
    }
  }

  /** Returns null when the domains are invalid (the error is recorded). */
  private static List<String> normalizeDomains(
      List<FieldError> errors, List<String> requested, CertificateEntity existing) {
    if (requested == null) {
      return existing != null ? existing.domainList() : List.of();
    }
    if (requested.size() > MAX_DOMAINS) {
      errors.add(new FieldError("domains", "has more than " + MAX_DOMAINS + " names"));
      return null;
    }
    Set<String> normalized = new LinkedHashSet<>();
    List<String> faults = new ArrayList<>();
    for (String domain : requested) {
      try {
        normalized.add(Hostnames.normalize(domain));
      } catch (IllegalArgumentException e) {
        faults.add(e.getMessage());
      }
    }
    if (!faults.isEmpty()) {
      errors.add(new FieldError("domains", String.join("; ", faults)));
      return null;
    }
    return List.copyOf(normalized);
  }

  private ValidatedCertificate.Material readMaterial(
      List<FieldError> errors,
      List<String> warnings,
      CertificateRequest request,
      boolean isCa,
      boolean force) {
    List<X509Certificate> chain;
    try {
      chain = CertificateChainReader.read(request.tlsCert());
    } catch (PemException e) {
      errors.add(new FieldError("tls_cert", e.getMessage()));
      return null;
    }
    PrivateKey key;
    try {
      key = PrivateKeyReader.read(request.tlsKey());
    } catch (PemException e) {
      errors.add(new FieldError("tls_key", e.getMessage()));
      return null;
    }
    X509Certificate leaf = chain.get(0);
    if (!KeyPairCheck.matches(key, leaf.getPublicKey())) {
      errors.add(new FieldError("tls_key", "does not match the certificate's public key"));
      return null;
    }
    CertificateFacts facts = CertificateFacts.of(chain);
    Instant now = clock.instant();
    String timing = null;
    if (now.isAfter(facts.notAfter())) {
      timing = "has expired (not_after " + facts.notAfter() + ")";
    } else if (now.isBefore(facts.notBefore())) {
      timing = "is not valid yet (not_before " + facts.notBefore() + ")";
    }
    if (timing != null) {
      if (force) {
        warnings.add("tls_cert " + timing + "; stored because force was set");
      } else {
        errors.add(new FieldError("tls_cert", timing + "; set force to store it anyway"));
        return null;
      }
    }
    if (isCa && !facts.ca()) {
      errors.add(new FieldError("is_ca", "the certificate is not a CA (basic constraints)"));
      return null;
    }
    return new ValidatedCertificate.Material(PemWriter.certificates(chain), chain, key, facts);
  }
}
