package dev.certflow.events;

import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.Optional;

/**
 * The certificate identifier of ACME Renewal Information (RFC 9773, 4.1): the keyIdentifier of the
 * certificate's Authority Key Identifier and the content octets of its serial number, each
 * base64url without padding, joined by a dot. It names a certificate in a renewalInfo URL and in an
 * order's {@code replaces}.
 */
public final class RenewalCertId {

  private static final String AUTHORITY_KEY_IDENTIFIER = "2.5.29.35";
  private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

  private RenewalCertId() {}

  /** The identifier, or empty when the certificate has no Authority Key Identifier. */
  public static Optional<String> of(X509Certificate certificate) {
    byte[] extension = certificate.getExtensionValue(AUTHORITY_KEY_IDENTIFIER);
    if (extension == null) {
      return Optional.empty();
    }
    // OCTET STRING { SEQUENCE { [0] keyIdentifier OPTIONAL, [1] ..., [2] ... } }
    Der octets = Der.at(extension, 0, 0x04);
    Der sequence = Der.at(extension, octets.contentStart, 0x30);
    int end = sequence.contentStart + sequence.length;
    for (int i = sequence.contentStart; i < end; ) {
      Der field = Der.at(extension, i, -1);
      if (field.tag == 0x80) {
        byte[] keyId = new byte[field.length];
        System.arraycopy(extension, field.contentStart, keyId, 0, field.length);
        return Optional.of(
            BASE64URL.encodeToString(keyId)
                + "."
                + BASE64URL.encodeToString(certificate.getSerialNumber().toByteArray()));
      }
      i = field.contentStart + field.length;
    }
    return Optional.empty();
  }

  /** One DER element's header: its tag, where its content starts and how long it is. */
  private record Der(int tag, int contentStart, int length) {

    static Der at(byte[] der, int offset, int expectedTag) {
      int tag = der[offset] & 0xff;
      if (expectedTag >= 0 && tag != expectedTag) {
        throw new IllegalArgumentException("unexpected DER tag " + tag + " at " + offset);
      }
      int first = der[offset + 1] & 0xff;
      if (first < 0x80) {
        return new Der(tag, offset + 2, first);
      }
      int octets = first & 0x7f;
      if (octets > 3) {
        throw new IllegalArgumentException("DER length too long at " + offset);
      }
      int length = 0;
      for (int i = 0; i < octets; i++) {
        length = (length << 8) | (der[offset + 2 + i] & 0xff);
      }
      return new Der(tag, offset + 2 + octets, length);
    }
  }
}
