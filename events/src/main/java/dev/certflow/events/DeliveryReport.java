package dev.certflow.events;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;

/**
 * What one attempt to deliver an alert to a channel came to.
 *
 * @param alertId the alert's event id
 * @param certificate the certificate the alert concerns
 * @param channel the channel's name
 * @param attempt 1 for the first attempt
 * @param outcome delivered, retrying (another attempt is scheduled) or failed (given up)
 * @param detail the endpoint's status and error, or why it was not sent
 * @param at when the attempt ended
 */
public record DeliveryReport(
    @JsonProperty("alert_id") String alertId,
    String certificate,
    String channel,
    int attempt,
    String outcome,
    String detail,
    Instant at) {}
