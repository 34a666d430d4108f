package dev.certflow.api.rest;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.certflow.api.entity.AlertEntity;
import dev.certflow.api.service.ValidationException;
import dev.certflow.api.service.alert.AlertHistory;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The alerts raised, newest first, each with its delivery history. */
@Path("/api/v1/alerts")
@Produces(MediaType.APPLICATION_JSON)
public class AlertResource {

  /** An alert and its delivery attempts. */
  public record AlertView(
      String id,
      String certificate,
      String category,
      String level,
      String message,
      String channel,
      @JsonProperty("occurred_at") Instant occurredAt,
      List<AlertHistory.Delivery> deliveries) {}

  private final AlertHistory history;

  AlertResource(AlertHistory history) {
    this.history = history;
  }

  @GET
  public List<AlertView> list(
      @QueryParam("certificate") String certificate,
      @QueryParam("limit") @DefaultValue("50") String limitParam) {
    int limit;
    try {
      limit = Integer.parseInt(limitParam);
    } catch (NumberFormatException e) {
      throw new ValidationException("limit", "must be a whole number");
    }
    if (limit < 1 || limit > 500) {
      throw new ValidationException("limit", "must be between 1 and 500");
    }
    List<AlertEntity> alerts =
        history.recent(certificate == null || certificate.isBlank() ? null : certificate, limit);
    Map<UUID, List<AlertHistory.Delivery>> deliveries =
        history.deliveries(alerts.stream().map(a -> a.id).toList());
    return alerts.stream()
        .map(
            a ->
                new AlertView(
                    a.id.toString(),
                    a.certificate,
                    a.category,
                    a.level,
                    a.message,
                    a.channel,
                    a.occurredAt,
                    deliveries.getOrDefault(a.id, List.of())))
        .toList();
  }
}
