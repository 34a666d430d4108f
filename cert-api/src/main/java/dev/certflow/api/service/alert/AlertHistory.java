package dev.certflow.api.service.alert;

import dev.certflow.api.entity.AlertDeliveryEntity;
import dev.certflow.api.entity.AlertEntity;
import dev.certflow.events.DeliveryReport;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The alerts raised and what became of each delivery attempt, as the notifier reports them. */
@ApplicationScoped
public class AlertHistory {

  /**
   * One delivery attempt.
   *
   * @param channel the channel's name
   * @param attempt 1 for the first
   * @param outcome delivered, retrying or failed
   * @param detail the endpoint's answer
   * @param at when the attempt ended
   */
  public record Delivery(String channel, int attempt, String outcome, String detail, Instant at) {}

  private final EntityManager em;

  AlertHistory(EntityManager em) {
    this.em = em;
  }

  /** Stores a report; a repeated report (a redelivery) changes nothing. */
  @Transactional
  public void record(DeliveryReport report) {
    UUID id;
    try {
      id = UUID.fromString(report.alertId());
    } catch (IllegalArgumentException e) {
      return; // not an alert of ours
    }
    em.createNativeQuery(
            "insert into alert_delivery (alert_id, channel, attempt, outcome, detail, at)"
                + " values (?, ?, ?, ?, ?, ?) on conflict do nothing")
        .setParameter(1, id)
        .setParameter(2, report.channel())
        .setParameter(3, report.attempt())
        .setParameter(4, report.outcome())
        .setParameter(5, report.detail())
        .setParameter(6, report.at())
        .executeUpdate();
  }

  /** The newest alerts, of one certificate or of all. */
  @Transactional
  public List<AlertEntity> recent(String certificate, int limit) {
    return certificate == null
        ? em.createQuery("from AlertEntity order by occurredAt desc", AlertEntity.class)
            .setMaxResults(limit)
            .getResultList()
        : em.createQuery(
                "from AlertEntity where certificate = ?1 order by occurredAt desc",
                AlertEntity.class)
            .setParameter(1, certificate)
            .setMaxResults(limit)
            .getResultList();
  }

  /** The delivery attempts of these alerts, each oldest first: one query for a whole page. */
  @Transactional
  public Map<UUID, List<Delivery>> deliveries(List<UUID> alertIds) {
    Map<UUID, List<Delivery>> byAlert = new HashMap<>();
    if (alertIds.isEmpty()) {
      return byAlert;
    }
    for (AlertDeliveryEntity d :
        em.createQuery(
                "from AlertDeliveryEntity d where d.alertId in ?1 order by d.at, d.attempt",
                AlertDeliveryEntity.class)
            .setParameter(1, alertIds)
            .getResultList()) {
      byAlert
          .computeIfAbsent(d.alertId, id -> new ArrayList<>())
          .add(new Delivery(d.channel, d.attempt, d.outcome, d.detail, d.at));
    }
    return byAlert;
  }
}
