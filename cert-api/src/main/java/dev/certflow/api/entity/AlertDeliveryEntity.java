package dev.certflow.api.entity;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;
import java.util.UUID;

/** One delivery attempt of an alert to a channel, as the notifier reported it. */
@Entity
@Table(name = "alert_delivery")
@IdClass(AlertDeliveryEntity.Key.class)
public class AlertDeliveryEntity extends PanacheEntityBase {

  /** The primary key: alert, channel and attempt. */
  public record Key(UUID alertId, String channel, int attempt) implements Serializable {
    public Key() {
      this(null, null, 0);
    }
  }

  @Id
  @Column(name = "alert_id")
  public UUID alertId;

  @Id public String channel;

  @Id public int attempt;

  public String outcome;

  public String detail;

  public Instant at;
}
