package dev.certflow.agent.tls;

import dev.certflow.agent.config.AgentConfig;
import dev.certflow.agent.store.ServedCertificate;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Mints leaves under {@code is_ca} certificates for the names clients ask for. Minted leaves are
 * cached (bounded, least recently used out) and minted anew before their not_after, so none is
 * served once expired. One EC key serves every minted leaf of this process: generating a key per
 * name would cost more than the signature.
 *
 * <p>Any client chooses the name, so minting is bounded: at most {@code CERTFLOW_MINT_RATE} new
 * leaves a second (a flood of random names cannot burn the CPU or flush the cache of the names in
 * use; beyond the rate the handshake fails), and signing runs outside the cache's lock, so one slow
 * signature never stalls the handshakes served from the cache. The name goes into the SAN and an
 * escaped CN, never into the subject as text.
 */
@ApplicationScoped
public class LeafMinter {

  /** A minted leaf is replaced this long before it expires. */
  static final Duration RENEW_BEFORE = Duration.ofMinutes(5);

  private static final SecureRandom RANDOM = new SecureRandom();

  private final int capacity;
  private final Duration validity;
  private final Clock clock;
  private final KeyPair leafKey;
  private final Map<String, ServedCertificate> cache;
  private final MintRate rate;

  @Inject
  LeafMinter(AgentConfig config) {
    this(config.mintCacheSize(), config.mintValidity(), Clock.systemUTC(), config.mintRate());
  }

  LeafMinter(int capacity, Duration validity, Clock clock, int perSecond) {
    this.rate = new MintRate(perSecond, clock);
    this.capacity = capacity;
    this.validity = validity;
    this.clock = clock;
    this.leafKey = generateKey();
    this.cache =
        new LinkedHashMap<>(64, 0.75f, true) {
          private static final long serialVersionUID = 1L;

          @Override
          protected boolean removeEldestEntry(Map.Entry<String, ServedCertificate> eldest) {
            return size() > LeafMinter.this.capacity;
          }
        };
  }

  /**
   * A leaf for {@code host} under {@code ca}; null when the CA itself is no longer valid or the
   * minting rate is spent.
   */
  public ServedCertificate leafFor(ServedCertificate ca, String host) {
    String alias = "mint#" + ca.alias() + "#" + host;
    Instant now = clock.instant();
    ServedCertificate cached;
    synchronized (cache) {
      cached = cache.get(alias);
    }
    if (cached != null && now.plus(RENEW_BEFORE).isBefore(cached.notAfter())) {
      return cached;
    }
    Instant notAfter = now.plus(validity);
    if (ca.notAfter().isBefore(notAfter)) {
      notAfter = ca.notAfter();
    }
    if (!now.plus(RENEW_BEFORE).isBefore(notAfter)) {
      synchronized (cache) {
        cache.remove(alias);
      }
      return null;
    }
    if (!rate.tryTake()) {
      return cached != null && now.isBefore(cached.notAfter()) ? cached : null;
    }
    // Two handshakes for one new name may both mint: harmless, the later one is cached.
    ServedCertificate minted = mint(ca, host, now.minus(Duration.ofMinutes(5)), notAfter, alias);
    synchronized (cache) {
      cache.put(alias, minted);
    }
    return minted;
  }

  /** A cached minted leaf by alias; null when evicted or expired. */
  public ServedCertificate byAlias(String alias) {
    ServedCertificate minted;
    synchronized (cache) {
      minted = cache.get(alias);
    }
    return minted != null && clock.instant().isBefore(minted.notAfter()) ? minted : null;
  }

  public int size() {
    synchronized (cache) {
      return cache.size();
    }
  }

  private ServedCertificate mint(
      ServedCertificate ca, String host, Instant notBefore, Instant notAfter, String alias) {
    X509Certificate caCertificate = ca.chain().get(0);
    try {
      BigInteger serial = new BigInteger(64, RANDOM);
      JcaX509v3CertificateBuilder builder =
          new JcaX509v3CertificateBuilder(
              caCertificate,
              serial,
              Date.from(notBefore),
              Date.from(notAfter),
              new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, host).build(),
              leafKey.getPublic());
      builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
      builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
      builder.addExtension(
          Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
      builder.addExtension(
          Extension.subjectAlternativeName,
          false,
          new GeneralNames(new GeneralName(GeneralName.dNSName, host)));
      String algorithm =
          "RSA".equals(ca.privateKey().getAlgorithm()) ? "SHA256withRSA" : "SHA256withECDSA";
      X509Certificate leaf =
          new JcaX509CertificateConverter()
              .getCertificate(
                  builder.build(new JcaContentSignerBuilder(algorithm).build(ca.privateKey())));
      List<X509Certificate> chain = new ArrayList<>(ca.chain().size() + 1);
      chain.add(leaf);
      chain.addAll(ca.chain());
      return new ServedCertificate(
          ca.name(),
          ca.version(),
          List.of(host),
          false,
          false,
          serial.toString(16),
          notBefore,
          notAfter,
          chain,
          leafKey.getPrivate(),
          null,
          alias);
    } catch (Exception e) {
      throw new IllegalStateException(
          "minting a leaf for " + host + " under " + ca.name() + " failed", e);
    }
  }

  private static KeyPair generateKey() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"));
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
