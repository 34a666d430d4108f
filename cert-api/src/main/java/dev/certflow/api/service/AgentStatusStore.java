package dev.certflow.api.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.certflow.api.entity.AgentStatusEntity;
import dev.certflow.events.AgentStatus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;

/** The latest report of each agent; older or repeated reports change nothing. */
@ApplicationScoped
public class AgentStatusStore {

  private static final TypeReference<List<AgentStatus.Served>> SERVED = new TypeReference<>() {};

  private final ObjectMapper json;

  AgentStatusStore(ObjectMapper json) {
    this.json = json;
  }

  @Transactional
  public void save(AgentStatus status) {
    AgentStatusEntity row = AgentStatusEntity.findById(status.agentId());
    if (row != null && row.reportedAt.isAfter(status.reportedAt())) {
      return;
    }
    if (row == null) {
      row = new AgentStatusEntity();
      row.agentId = status.agentId();
    }
    row.tlsAddress = status.tlsAddress();
    row.ready = status.ready();
    row.reportedAt = status.reportedAt();
    row.receivedAt = Instant.now();
    try {
      row.certificates = json.writeValueAsString(status.certificates());
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
    row.persist();
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
          json.readValue(row.certificates, SERVED));
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
