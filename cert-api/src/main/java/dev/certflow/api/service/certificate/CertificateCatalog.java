package dev.certflow.api.service.certificate;

import dev.certflow.api.entity.CertificateEntity;
import dev.certflow.api.entity.CertificateVersionEntity;
import dev.certflow.api.service.NativeQueries;
import dev.certflow.api.service.validity.ValidityIndex;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.hibernate.jpa.HibernateHints;

/**
 * Lists of certificates, filtered, sorted, counted and paged by PostgreSQL on indexed columns of
 * the certificate row ({@link ValidityIndex}), so a page costs the same with ten certificates or a
 * hundred thousand. Keyset paging (a cursor of the last sort key and name) keeps deep pages as
 * cheap as the first and returns every certificate once while others are added.
 */
@ApplicationScoped
public class CertificateCatalog {

  private final EntityManager em;

  CertificateCatalog(EntityManager em) {
    this.em = em;
  }

  /** A page of certificates and how many match in all. */
  public record Page(List<StoredCertificate> items, long total, CertificateQuery.Cursor next) {}

  public Page list(CertificateQuery query, Instant now) {
    Map<String, Object> parameters = new HashMap<>();
    String where = where(query, now, parameters);
    long total = NativeQueries.countCertificates(em, where, parameters);

    // A status sort applies its cursor inside its branches.
    String keyset =
        query.after() == null || query.sort() == CertificateQuery.Sort.STATUS
            ? ""
            : keyset(query, parameters);
    StringBuilder sql = new StringBuilder();
    if (query.sort() == CertificateQuery.Sort.STATUS) {
      // One indexed query per state, in the order of attention, each cut at a page, then merged:
      // no index can hold a rank that moves with the clock, and ranking every certificate to keep
      // the first 50 reads them all (210 ms at 100,000).
      parameters.put("now", now);
      long limit = query.size() + 1L + (query.after() == null ? query.offset() : 0);
      List<String> branches = new ArrayList<>();
      int first = query.after() == null || query.after().rank() == null ? 0 : query.after().rank();
      for (int rank = first; rank < BY_ATTENTION.size(); rank++) {
        List<String> conditions = new ArrayList<>();
        if (!where.isEmpty()) {
          conditions.add(where.substring(" where ".length()));
        }
        conditions.add(statusCondition(BY_ATTENTION.get(rank)));
        if (query.after() != null && rank == first) {
          conditions.add(statusKeyset(BY_ATTENTION.get(rank), query.after(), parameters));
        }
        branches.add(
            "(select c.*, "
                + rank
                + " as status_rank from certificate c where "
                + String.join(" and ", conditions)
                + " order by c.not_after asc nulls last, c.name limit "
                + limit
                + ")");
      }
      sql.append("select c.* from (").append(String.join(" union all ", branches)).append(") c");
    } else if (selective(query)) {
      // The few matches first, through their own index, then sorted: walking the whole name or
      // expiry index in order, testing each row against a rare filter, reads every certificate.
      sql.append("with c as materialized (select * from certificate c")
          .append(where)
          .append(") select c.* from c")
          .append(keyset.isEmpty() ? "" : " where " + keyset);
    } else {
      sql.append("select c.* from certificate c")
          .append(where)
          .append(keyset.isEmpty() ? "" : (where.isEmpty() ? " where " : " and ") + keyset);
    }
    sql.append(
        switch (query.sort()) {
          case EXPIRY -> " order by c.not_after asc nulls last, c.name";
          case STATUS -> " order by c.status_rank, c.not_after asc nulls last, c.name";
          case NAME -> " order by c.name collate \"C\"";
        });
    sql.append(" limit ").append(query.size() + 1);
    if (query.after() == null && query.offset() > 0) {
      sql.append(" offset ").append(query.offset());
    }
    @SuppressWarnings("unchecked")
    List<CertificateEntity> rows =
        NativeQueries.bind(
                em.createNativeQuery(sql.toString(), CertificateEntity.class), parameters)
            .setHint(HibernateHints.HINT_READ_ONLY, true)
            .getResultList();
    boolean more = rows.size() > query.size();
    List<CertificateEntity> page = more ? rows.subList(0, query.size()) : rows;
    CertificateEntity last = page.isEmpty() ? null : page.get(page.size() - 1);
    return new Page(
        withVersions(page),
        total,
        more
            ? new CertificateQuery.Cursor(
                last.notAfter,
                last.name,
                query.sort() == CertificateQuery.Sort.STATUS
                    ? BY_ATTENTION.indexOf(CertificateStatus.of(last, now))
                    : null)
            : null);
  }

  /** The states in the order of attention; a state's index is its rank in a status sort. */
  private static final List<CertificateStatus> BY_ATTENTION =
      List.of(
          CertificateStatus.EXPIRED,
          CertificateStatus.FAILED,
          CertificateStatus.EXPIRING,
          CertificateStatus.PENDING,
          CertificateStatus.VALID);

  /**
   * Where a status page ended, inside its state: failed and pending certificates have no expiry (by
   * name), the others all have one (a row comparison, which the expiry index answers).
   */
  private static String statusKeyset(
      CertificateStatus status, CertificateQuery.Cursor after, Map<String, Object> parameters) {
    parameters.put("afterName", after.name());
    if (status == CertificateStatus.FAILED
        || status == CertificateStatus.PENDING
        || after.notAfter() == null) {
      return expiryKeyset(after, parameters);
    }
    parameters.put("afterExpiry", after.notAfter());
    return "(c.not_after, c.name) > (:afterExpiry, :afterName)";
  }

  /** The current versions of these certificates, in one query. */
  public List<StoredCertificate> withVersions(List<CertificateEntity> certificates) {
    List<Long> ids =
        certificates.stream().filter(c -> c.currentVersion != null).map(c -> c.id).toList();
    Map<Long, CertificateVersionEntity> current = new HashMap<>();
    if (!ids.isEmpty()) {
      em.createQuery(
              "select v from CertificateVersionEntity v, CertificateEntity c"
                  + " where c.id in ?1 and v.certificateId = c.id and v.version = c.currentVersion",
              CertificateVersionEntity.class)
          .setParameter(1, ids)
          .setHint(HibernateHints.HINT_READ_ONLY, true)
          .getResultList()
          .forEach(v -> current.put(v.certificateId, v));
    }
    List<StoredCertificate> result = new ArrayList<>(certificates.size());
    for (CertificateEntity c : certificates) {
      result.add(new StoredCertificate(c, current.get(c.id), List.of()));
    }
    return result;
  }

  private static String where(CertificateQuery query, Instant now, Map<String, Object> parameters) {
    List<String> conditions = new ArrayList<>();
    if (query.namePrefix() != null) {
      conditions.add("c.name collate \"C\" like :prefix");
      parameters.put("prefix", escapeLike(query.namePrefix()) + "%");
    }
    if (query.host() != null) {
      conditions.add("c.domain_set && cast(array[:host, :wildcard] as text[])");
      parameters.put("host", query.host());
      parameters.put("wildcard", wildcardOf(query.host()));
    }
    if (query.search() != null) {
      CertificateQuery.Search search = query.search();
      String byName = "c.name collate \"C\" like :searchPrefix";
      parameters.put("searchPrefix", escapeLike(search.prefix()) + "%");
      if (search.host() != null) {
        byName += " or c.domain_set && cast(array[:searchHost, :searchWildcard] as text[])";
        parameters.put("searchHost", search.host());
        parameters.put("searchWildcard", wildcardOf(search.host()));
      }
      conditions.add("(" + byName + ")");
    }
    if (query.status() != null) {
      conditions.add(statusCondition(query.status()));
      if (query.status() != CertificateStatus.FAILED
          && query.status() != CertificateStatus.PENDING) {
        parameters.put("now", now);
      }
    }
    return conditions.isEmpty() ? "" : " where " + String.join(" and ", conditions);
  }

  /**
   * Whether the filters match few certificates as a rule (a host, a state that needs attention), so
   * that they are best found first and sorted after.
   */
  private static boolean selective(CertificateQuery query) {
    return query.host() != null
        || (query.search() != null && query.search().host() != null)
        || (query.status() != null && query.status() != CertificateStatus.VALID);
  }

  /** The states of {@link CertificateStatus}, in SQL over the columns ValidityIndex keeps. */
  static String statusCondition(CertificateStatus status) {
    return switch (status) {
      case FAILED -> "c.current_version is null and c.last_error is not null";
      case PENDING -> "c.current_version is null and c.last_error is null";
      case EXPIRED -> "c.not_after <= :now";
      case EXPIRING -> "c.not_after > :now and c.expiring_at <= :now";
      case VALID -> "c.expiring_at > :now";
    };
  }

  private static String keyset(CertificateQuery query, Map<String, Object> parameters) {
    CertificateQuery.Cursor after = query.after();
    parameters.put("afterName", after.name());
    if (query.sort() == CertificateQuery.Sort.NAME) {
      return "c.name collate \"C\" > :afterName";
    }
    return expiryKeyset(after, parameters);
  }

  private static String expiryKeyset(
      CertificateQuery.Cursor after, Map<String, Object> parameters) {
    if (after.notAfter() == null) {
      // Past every certificate with an expiry: among those without, by name.
      return "c.not_after is null and c.name > :afterName";
    }
    parameters.put("afterExpiry", after.notAfter());
    return "(c.not_after > :afterExpiry or c.not_after is null"
        + " or (c.not_after = :afterExpiry and c.name > :afterName))";
  }

  /** The wildcard that would serve a host: {@code *.} and its parent. */
  private static String wildcardOf(String host) {
    int dot = host.indexOf('.');
    return dot > 0 ? "*." + host.substring(dot + 1) : host;
  }

  private static String escapeLike(String text) {
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
  }
}
