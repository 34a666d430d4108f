package dev.certflow.api.service.certificate;

import java.time.Instant;

/**
 * What a list of certificates asks for. Every filter is applied in the database.
 *
 * @param namePrefix names starting with this, or null
 * @param host certificates that would be served for this host name (exact or wildcard), or null
 * @param search a name prefix or a host name: certificates matching either, or null
 * @param status certificates in this state now, or null
 * @param sort the order
 * @param after the cursor of the last item of the previous page (keyset paging), or null
 * @param offset items to skip when no cursor is given
 * @param size items in the page
 */
public record CertificateQuery(
    String namePrefix,
    String host,
    Search search,
    CertificateStatus status,
    Sort sort,
    Cursor after,
    long offset,
    int size) {

  /**
   * What a search box typed: certificates whose name starts with {@code prefix} or that are served
   * for {@code host} (null when the text is no host name).
   */
  public record Search(String prefix, String host) {}

  /** Orders a list may be sorted in; each ends with the name, so the order is total. */
  public enum Sort {
    NAME("name"),
    EXPIRY("expiry"),
    /** What needs attention first: expired, failed, expiring, pending, valid; then by expiry. */
    STATUS("status");

    private final String label;

    Sort(String label) {
      this.label = label;
    }

    public String label() {
      return label;
    }

    public static Sort parse(String label) {
      for (Sort sort : values()) {
        if (sort.label.equals(label)) {
          return sort;
        }
      }
      return null;
    }
  }

  /**
   * Where a page ended: the sort key of its last item ({@code not_after}, null for a certificate
   * without a version, when sorted by expiry or status; the status's rank when sorted by status)
   * and its name.
   */
  public record Cursor(Instant notAfter, String name, Integer rank) {

    public Cursor(Instant notAfter, String name) {
      this(notAfter, name, null);
    }
  }
}
