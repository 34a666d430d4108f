package dev.certflow.api.entity;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A Kafka record written in the same transaction as the change it announces. */
@Entity
@Table(name = "outbox")
public class OutboxEntry extends PanacheEntityBase {

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  public Long id;

  public String topic;

  @Column(name = "message_key")
  public String messageKey;

  /** The record value; null for a tombstone. */
  public String payload;

  @Column(name = "created_at")
  public Instant createdAt;

  public static OutboxEntry of(String topic, String key, String payload) {
    OutboxEntry entry = new OutboxEntry();
    entry.topic = topic;
    entry.messageKey = key;
    entry.payload = payload;
    entry.createdAt = Instant.now();
    return entry;
  }
}
