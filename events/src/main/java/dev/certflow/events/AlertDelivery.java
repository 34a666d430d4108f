package dev.certflow.events;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;

/**
 * One alert still to be delivered to one channel, waiting on an alert-retries topic.
 *
 * @param alertId the alert's event id (also the de-duplication id receivers see)
 * @param channel the channel's name
 * @param alert the alert
 * @param occurredAt when the alert was raised
 * @param attempt how many attempts were made so far
 * @param dueAt when the next attempt is due
 */
public record AlertDelivery(
    @JsonProperty("alert_id") String alertId,
    String channel,
    AlertEvent alert,
    @JsonProperty("occurred_at") Instant occurredAt,
    int attempt,
    @JsonProperty("due_at") Instant dueAt) {}
