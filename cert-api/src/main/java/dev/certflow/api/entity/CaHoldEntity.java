package dev.certflow.api.entity;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * A CA no order may reach before {@link #until}: it rate-limited the account, or paused it. The
 * workers share one account per CA, so a hold per CA is a hold per account and CA.
 */
@Entity
@Table(name = "ca_hold")
public class CaHoldEntity extends PanacheEntityBase {

  public static final String RATE_LIMITED = "rate_limited";
  public static final String PAUSED = "paused";

  @Id public String ca;

  public String kind;

  public Instant until;

  public String detail;

  /** Where the account's owner lifts a pause. */
  @Column(name = "unpause_url")
  public String unpauseUrl;

  public Instant since;

  public boolean active(Instant now) {
    return until.isAfter(now);
  }
}
