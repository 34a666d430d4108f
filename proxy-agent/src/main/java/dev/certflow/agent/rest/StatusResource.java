package dev.certflow.agent.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.certflow.agent.challenge.ChallengeStore;
import dev.certflow.agent.messaging.StatusReporter;
import dev.certflow.events.Envelope;
import dev.certflow.events.EventJson;
import dev.certflow.events.EventType;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * What this node serves, for operators on the node: the report it sends cert-api, and the HTTP-01
 * tokens it answers (acknowledged on their own topic, so not part of the report).
 */
@Path("/status")
public class StatusResource {

  private final StatusReporter reporter;
  private final ChallengeStore challenges;
  private static final ObjectMapper JSON = new ObjectMapper();

  StatusResource(StatusReporter reporter, ChallengeStore challenges) {
    this.reporter = reporter;
    this.challenges = challenges;
  }

  @GET
  @Produces(MediaType.APPLICATION_JSON)
  public String status() throws JsonProcessingException {
    // The report as sent, with the tokens beside it.
    ObjectNode status =
        (ObjectNode)
            JSON.readTree(
                EventJson.write(Envelope.of(EventType.AGENT_STATUS, reporter.snapshot())));
    ArrayNode tokens = status.putArray("challenges");
    challenges.tokens().forEach(tokens::add);
    return JSON.writeValueAsString(status);
  }
}
