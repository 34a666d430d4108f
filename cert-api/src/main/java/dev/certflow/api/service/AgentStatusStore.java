package dev.certflow.api.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.certflow.api.entity.AgentStatusEntity;
import dev.certflow.events.AgentStatus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;

/** The latest report of each agent; older or repeated reports change nothing. */
@ApplicationScoped
public class AgentStatusStore {

  private static final TypeReference<List<AgentStatus.Served>> SERVED = new TypeReference<>() {};

  private final ObjectMapper json;
  private final EntityManager em;

  AgentStatusStore(ObjectMapper json, EntityManager em) {
    this.json = json;
    this.em = em;
  }

  /** Keeps the report unless a newer one is stored; one atomic statement, safe across replicas. */
  @Transactional
  public void save(AgentStatus status) {
    String certificates;
    try {
      certificates = json.writeValueAsString(status.certificates());
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
    em.createNativeQuery(
            "insert into agent_status"
                + " (agent_id, tls_address, ready, reported_at, received_at, certificates)"
                + " values (?1, ?2, ?3, ?4, ?5, ?6)"
                + " on conflict (agent_id) do update set tls_address = excluded.tls_address,"
                + " ready = excluded.ready, reported_at = excluded.reported_at,"
                + " received_at = excluded.received_at, certificates = excluded.certificates"
                + " where agent_status.reported_at < excluded.reported_at")
        .setParameter(1, status.agentId())
        .setParameter(2, status.tlsAddress())
        .setParameter(3, status.ready())
        .setParameter(4, status.reportedAt())
        .setParameter(5, Instant.now())
        .setParameter(6, certificates)
        .executeUpdate();
  }

  @Transactional
  public void forget(String agentId) {
    AgentStatusEntity.deleteById(agentId);
  }

  /** Every agent's latest report. */
  public List<AgentStatus> all() {
    return AgentStatusEntity.<AgentStatusEntity>listAll().stream().map(this::toStatus).toList();
  }

  private AgentStatus toStatus(AgentStatusEntity row) {
    try {
      return new AgentStatus(
          row.agentId,
          row.tlsAddress,
          row.reportedAt,
          row.ready,
          json.readValue(row.certificates, SERVED),
          List.of());
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
