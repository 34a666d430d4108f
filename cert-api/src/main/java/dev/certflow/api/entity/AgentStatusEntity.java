package dev.certflow.api.entity;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** The latest report of one proxy agent. */
@Entity
@Table(name = "agent_status")
public class AgentStatusEntity extends PanacheEntityBase {

  @Id
  @Column(name = "agent_id")
  public String agentId;

  @Column(name = "tls_address")
  public String tlsAddress;

  public boolean ready;

  @Column(name = "reported_at")
  public Instant reportedAt;

  @Column(name = "received_at")
  public Instant receivedAt;

  /** JSON array of {@link dev.certflow.events.AgentStatus.Served}. */
  public String certificates;
}
