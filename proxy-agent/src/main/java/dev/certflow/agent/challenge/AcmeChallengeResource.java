package dev.certflow.agent.challenge;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** The HTTP-01 responder on the node's plain HTTP port (RFC 8555, section 8.3). */
@Path("/.well-known/acme-challenge")
public class AcmeChallengeResource {

  private final ChallengeStore store;

  AcmeChallengeResource(ChallengeStore store) {
    this.store = store;
  }

  @GET
  @Path("{token}")
  @Produces(MediaType.TEXT_PLAIN)
  public Response answer(@PathParam("token") String token) {
    return store
        .keyAuthorization(token)
        .map(body -> Response.ok(body, MediaType.TEXT_PLAIN).build())
        .orElseGet(() -> Response.status(404).type(MediaType.TEXT_PLAIN).entity("").build());
  }
}
