package dev.certflow.api.entity;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** An alert cert-api raised, kept for its delivery history. */
@Entity
@Table(name = "alert")
public class AlertEntity extends PanacheEntityBase {

  @Id public UUID id;

  public String certificate;

  public String category;

  public String level;

  public String message;

  /** The one channel a test message went to; null for every matching channel. */
  public String channel;

  @Column(name = "occurred_at")
  public Instant occurredAt;
}
