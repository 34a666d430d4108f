package dev.certflow.api.rest;

import dev.certflow.api.service.CertificateService;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/** Proxy agents and what each serves. */
@Path("/api/v1/agents")
@Produces(MediaType.APPLICATION_JSON)
public class AgentResource {

  private final CertificateService certificates;
  private final CertificateViews views;

  AgentResource(CertificateService certificates, CertificateViews views) {
    this.certificates = certificates;
    this.views = views;
  }

  @GET
  public List<AgentView> list() {
    return views.agentViews(certificates.all());
  }
}
