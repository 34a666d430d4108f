package dev.certflow.api.entity;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A notification channel; URL and secret sealed under the master key. */
@Entity
@Table(name = "channel")
public class ChannelEntity extends PanacheEntityBase {

  @Id public String name;

  public String type;

  @Column(name = "sealed_url")
  public String sealedUrl;

  @Column(name = "sealed_secret")
  public String sealedSecret;

  /** Comma-separated alert categories; empty for all. */
  public String categories;

  public boolean enabled;

  @Column(name = "created_at")
  public Instant createdAt;

  @Column(name = "updated_at")
  public Instant updatedAt;
}
