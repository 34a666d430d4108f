package dev.certflow.api.service.agent;

import dev.certflow.api.config.CertflowConfig;
import dev.certflow.api.entity.CertificateEntity;
import dev.certflow.api.service.NativeQueries;
import dev.certflow.api.service.NotFoundException;
import dev.certflow.api.service.certificate.StoredCertificate;
import dev.certflow.events.AgentStatus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.hibernate.jpa.HibernateHints;

/**
 * The nodes and what each serves, from their reports ({@link AgentStatusStore}) and where each
 * certificate was published. What a node is behind on is found through the index on the published
 * position, so an overview costs in proportion to what is not yet deployed, not to the number of
 * certificates.
 */
@ApplicationScoped
public class AgentFleet {

  private final EntityManager em;
  private final AgentStatusStore agents;
  private final CertflowConfig config;

  AgentFleet(EntityManager em, AgentStatusStore agents, CertflowConfig config) {
    this.em = em;
    this.agents = agents;
    this.config = config;
  }

  /**
   * One node's state.
   *
   * @param certificates certificates with a version, which every node should serve
   * @param behind of those, not current on the node and with an earlier version
   * @param missing of those, not current on the node and with no earlier version
   */
  public record Summary(
      AgentStatus agent,
      boolean silent,
      long certificates,
      long current,
      long behind,
      long missing) {}

  /** A page of the certificates of one state on one node. */
  public record Page(List<StoredCertificate> items, long total, String next) {}

  public List<AgentStatus> agents() {
    return agents.all();
  }

  public AgentStatus agent(String agentId) {
    return agents.all().stream()
        .filter(a -> a.agentId().equals(agentId))
        .findFirst()
        .orElseThrow(() -> new NotFoundException("no agent '" + agentId + "' has reported"));
  }

  public boolean silent(AgentStatus agent, Instant now) {
    return agent.reportedAt().plus(config.agentSilentAfter()).isBefore(now);
  }

  public List<Summary> overview(Instant now) {
    List<AgentStatus> all = agents.all();
    if (all.isEmpty()) {
      return List.of();
    }
    long withVersion =
        ((Number)
                // All less those without a version: both counts read an index only.
                em.createNativeQuery(
                        "select (select count(*) from certificate) - (select count(*) from"
                            + " certificate where current_version is null)")
                    .getSingleResult())
            .longValue();
    List<Summary> result = new ArrayList<>();
    for (AgentStatus agent : all) {
      Map<String, Object> parameters = new HashMap<>();
      String notCurrent = notCurrent(agent, parameters);
      Object[] counts =
          (Object[])
              NativeQueries.bind(
                      em.createNativeQuery(
                          "select count(*), count(*) filter (where "
                              + behind()
                              + ") from certificate c where "
                              + notCurrent),
                      parameters)
                  .getSingleResult();
      long stale = ((Number) counts[0]).longValue();
      long behind = ((Number) counts[1]).longValue();
      result.add(
          new Summary(
              agent, silent(agent, now), withVersion, withVersion - stale, behind, stale - behind));
    }
    return result;
  }

  /**
   * The certificates in one state on one node, by name.
   *
   * @param state the state, or null for every certificate
   * @param after the last name of the previous page, or null
   */
  public Page certificates(AgentStatus agent, Deployment state, String after, int size) {
    Map<String, Object> parameters = new HashMap<>();
    String notCurrent = notCurrent(agent, parameters);
    String where =
        state == null
            ? "true"
            : switch (state) {
              case CURRENT -> "c.current_version is not null and not (" + notCurrent + ")";
              case BEHIND -> notCurrent + " and " + behind();
              case MISSING -> notCurrent + " and not " + behind();
            };
    long total = NativeQueries.countCertificates(em, " where " + where, parameters);
    if (after != null) {
      where += " and c.name > :after";
      parameters.put("after", after);
    }
    @SuppressWarnings("unchecked")
    List<CertificateEntity> rows =
        NativeQueries.bind(
                em.createNativeQuery(
                    "select c.* from certificate c where "
                        + where
                        + " order by c.name limit "
                        + (size + 1),
                    CertificateEntity.class),
                parameters)
            .setHint(HibernateHints.HINT_READ_ONLY, true)
            .getResultList();
    boolean more = rows.size() > size;
    List<CertificateEntity> page = more ? rows.subList(0, size) : rows;
    List<StoredCertificate> items = new ArrayList<>(page.size());
    page.forEach(c -> items.add(new StoredCertificate(c, null, List.of())));
    return new Page(items, total, more ? page.get(page.size() - 1).name : null);
  }

  /** How many certificates a node has not served as current for too long, and the first names. */
  public record Lag(long count, List<String> first) {}

  /** Certificates not current on the node that changed before {@code changedBefore}. */
  public Lag lag(AgentStatus agent, Instant changedBefore, int names) {
    Map<String, Object> parameters = new HashMap<>();
    String where = notCurrent(agent, parameters) + " and c.updated_at < :changedBefore";
    parameters.put("changedBefore", changedBefore);
    long count = NativeQueries.countCertificates(em, " where " + where, parameters);
    if (count == 0) {
      return new Lag(0, List.of());
    }
    @SuppressWarnings("unchecked")
    List<String> first =
        NativeQueries.bind(
                em.createNativeQuery(
                    "select c.name from certificate c where "
                        + where
                        + " order by c.name limit "
                        + names),
                parameters)
            .getResultList();
    return new Lag(count, first);
  }

  /**
   * Certificates with a version that the node does not serve as current: published at or past its
   * position (one index range per partition), not published yet, or rejected by it.
   */
  private String notCurrent(AgentStatus agent, Map<String, Object> parameters) {
    int partitions = config.topicPartitions();
    for (int partition : agent.positions().keySet()) {
      partitions = Math.max(partitions, partition + 1);
    }
    StringBuilder ids =
        new StringBuilder("select id from certificate where published_offset is null");
    for (int partition = 0; partition < partitions; partition++) {
      ids.append(" union all select id from certificate where published_partition = ")
          .append(partition)
          .append(" and published_offset >= ")
          .append(agent.position(partition));
    }
    // Refused ones are one more branch, not an OR beside the subquery: the planner then joins
    // the few ids instead of testing every row.
    ids.append(" union all select id from certificate where name = any(cast(:rejected as text[]))");
    parameters.put("rejected", rejectedNames(agent, false));
    parameters.put("rejectedServing", rejectedNames(agent, true));
    return "(c.current_version is not null and c.id in (" + ids + "))";
  }

  /** Not current, and an earlier version exists that the node may serve. */
  private static String behind() {
    return "(c.current_version > 1 or c.name = any(cast(:rejectedServing as text[])))";
  }

  private static String[] rejectedNames(AgentStatus agent, boolean serving) {
    return agent.rejected().stream()
        .filter(r -> !serving || r.version() != null)
        .map(AgentStatus.Rejected::name)
        .toArray(String[]::new);
  }
}
