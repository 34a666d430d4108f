package dev.certflow.agent.rest;

import dev.certflow.agent.messaging.StatusReporter;
import dev.certflow.events.Envelope;
import dev.certflow.events.EventJson;
import dev.certflow.events.EventType;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** What this node serves, as it reports it to cert-api; for operators on the node. */
@Path("/status")
public class StatusResource {

  private final StatusReporter reporter;

  StatusResource(StatusReporter reporter) {
    this.reporter = reporter;
  }

  @GET
  @Produces(MediaType.APPLICATION_JSON)
  public String status() {
    return EventJson.write(Envelope.of(EventType.AGENT_STATUS, reporter.snapshot()));
  }
}
