package dev.certflow.api.rest;

import dev.certflow.api.service.ValidationException;
import dev.certflow.api.service.agent.AgentFleet;
import dev.certflow.api.service.agent.Deployment;
import dev.certflow.api.service.certificate.CertificateQuery;
import dev.certflow.events.AgentStatus;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/** Proxy agents: a summary of each, and what each serves, by state and page. */
@Path("/api/v1/agents")
@Produces(MediaType.APPLICATION_JSON)
public class AgentResource {

  private final AgentFleet fleet;

  AgentResource(AgentFleet fleet) {
    this.fleet = fleet;
  }

  @GET
  public List<AgentView> list() {
    return fleet.overview(Instant.now()).stream()
        .map(AgentResource::view)
        .sorted(Comparator.comparing(AgentView::agentId))
        .toList();
  }

  @GET
  @Path("{id}")
  public AgentView get(@PathParam("id") String id) {
    AgentStatus agent = fleet.agent(id);
    return fleet.overview(Instant.now()).stream()
        .filter(s -> s.agent().agentId().equals(agent.agentId()))
        .map(AgentResource::view)
        .findFirst()
        .orElseThrow();
  }

  /**
   * The certificates on one node, by name; {@code state} keeps those {@code current}, {@code
   * behind} or {@code missing} there. Page with {@code cursor} (the previous page's {@code
   * next_cursor}).
   */
  @GET
  @Path("{id}/certificates")
  public PageView<AgentView.Served> certificates(
      @PathParam("id") String id,
      @QueryParam("state") String stateParam,
      @QueryParam("size") @DefaultValue("50") String sizeParam,
      @QueryParam("cursor") String cursor) {
    int size;
    try {
      size = Integer.parseInt(sizeParam.strip());
    } catch (NumberFormatException e) {
      throw new ValidationException("size", "must be an integer");
    }
    if (size < 1 || size > CertificateResource.MAX_PAGE_SIZE) {
      throw new ValidationException(
          "size", "must be between 1 and " + CertificateResource.MAX_PAGE_SIZE);
    }
    Deployment state = null;
    if (stateParam != null && !stateParam.isBlank()) {
      state = Deployment.parse(stateParam.strip().toLowerCase(Locale.ROOT));
      if (state == null) {
        throw new ValidationException("state", "must be one of current, behind, missing");
      }
    }
    String after = null;
    if (cursor != null && !cursor.isBlank()) {
      after = PageCursor.decode(cursor).name();
    }
    AgentStatus agent = fleet.agent(id);
    AgentFleet.Page page = fleet.certificates(agent, state, after, size);
    List<AgentView.Served> items =
        page.items().stream()
            .map(
                s ->
                    new AgentView.Served(
                        s.certificate().name,
                        s.certificate().currentVersion,
                        s.certificate().notAfter,
                        s.certificate().currentVersion == null
                            ? "none"
                            : Deployment.of(agent, s.certificate()).label()))
            .toList();
    String next =
        page.next() == null
            ? null
            : PageCursor.encode(new CertificateQuery.Cursor(null, page.next()));
    return new PageView<>(items, 0, size, page.total(), next);
  }

  private static AgentView view(AgentFleet.Summary summary) {
    AgentStatus agent = summary.agent();
    return new AgentView(
        agent.agentId(),
        agent.tlsAddress(),
        agent.ready(),
        summary.silent(),
        agent.reportedAt(),
        agent.served(),
        summary.certificates(),
        summary.current(),
        summary.behind(),
        summary.missing(),
        agent.rejected().stream()
            .map(r -> new AgentView.Rejected(r.name(), r.version(), r.reason()))
            .toList(),
        agent.rejectedCount(),
        agent.fileFailures(),
        agent.fileError());
  }
}
