package dev.certflow.api.rest;

import dev.certflow.api.pem.Hostnames;
import dev.certflow.api.service.CertificateService;
import dev.certflow.api.service.CertificateStatus;
import dev.certflow.api.service.StoredCertificate;
import dev.certflow.api.service.ValidationException;
import dev.certflow.events.DnsServiceUrls;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriBuilder;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/** Certificates: upload, list, read, change, delete, history and export. */
@Path("/api/v1/certificates")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class CertificateResource {

  static final int MAX_PAGE_SIZE = 500;

  private final CertificateService service;
  private final CertificateViews views;

  CertificateResource(CertificateService service, CertificateViews views) {
    this.service = service;
    this.views = views;
  }

  @POST
  public Response create(CertificateRequest request) {
    StoredCertificate stored = service.create(requireBody(request));
    return Response.created(
            UriBuilder.fromResource(CertificateResource.class)
                .path(stored.certificate().name)
                .build())
        .entity(views.view(stored, views.agentSnapshot()))
        .build();
  }

  @GET
  public PageView<CertificateView> list(
      @QueryParam("page") @DefaultValue("0") String pageParam,
      @QueryParam("size") @DefaultValue("50") String sizeParam,
      @QueryParam("domain") String domain,
      @QueryParam("status") String status) {
    int page = integer("page", pageParam);
    int size = integer("size", sizeParam);
    if (page < 0) {
      throw new ValidationException("page", "must be 0 or more");
    }
    if (size < 1 || size > MAX_PAGE_SIZE) {
      throw new ValidationException("size", "must be between 1 and " + MAX_PAGE_SIZE);
    }
    CertificateStatus wanted = null;
    if (status != null && !status.isBlank()) {
      wanted = CertificateStatus.parse(status.toLowerCase(Locale.ROOT));
      if (wanted == null) {
        throw new ValidationException(
            "status", "must be one of valid, expiring, expired, pending, failed");
      }
    }
    String host = null;
    if (domain != null && !domain.isBlank()) {
      try {
        host = Hostnames.normalize(domain);
      } catch (IllegalArgumentException e) {
        throw new ValidationException("domain", e.getMessage());
      }
    }
    Instant now = Instant.now();
    String wantedHost = host;
    CertificateStatus wantedStatus = wanted;
    List<StoredCertificate> matching =
        service.all().stream()
            .filter(s -> wantedHost == null || servesHost(s, wantedHost))
            .filter(s -> wantedStatus == null || views.status(s, now) == wantedStatus)
            .toList();
    AgentSnapshot agents = views.agentSnapshot();
    List<CertificateView> items =
        matching.stream()
            .skip((long) page * size)
            .limit(size)
            .map(s -> views.view(s, agents))
            .toList();
    return new PageView<>(items, page, size, matching.size());
  }

  private static int integer(String field, String value) {
    try {
      return Integer.parseInt(value.strip());
    } catch (NumberFormatException e) {
      throw new ValidationException(field, "must be an integer");
    }
  }

  /** A filter by domain finds the certificates that would be served for that host. */
  private static boolean servesHost(StoredCertificate stored, String host) {
    List<String> domains = stored.certificate().domainList();
    return domains.contains(host) || Hostnames.covered(host, domains);
  }

  @GET
  @Path("{name}")
  public CertificateView get(@PathParam("name") String name) {
    return views.view(service.get(name), views.agentSnapshot());
  }

  @PUT
  @Path("{name}")
  public CertificateView update(@PathParam("name") String name, CertificateRequest request) {
    return views.view(service.update(name, requireBody(request)), views.agentSnapshot());
  }

  @DELETE
  @Path("{name}")
  public Response delete(@PathParam("name") String name) {
    service.delete(name);
    return Response.noContent().build();
  }

  /** Orders an ACME certificate now (admin), whatever its schedule or back-off. */
  @POST
  @Path("{name}/renew")
  public Response renew(@PathParam("name") String name) {
    return Response.accepted(views.view(service.renew(name), views.agentSnapshot())).build();
  }

  @GET
  @Path("{name}/versions")
  public List<VersionView> versions(@PathParam("name") String name) {
    return service.versions(name).stream().map(VersionView::of).toList();
  }

  /** The chain and private key as PEM; admin only (see {@link BearerAuthFilter}). */
  @GET
  @Path("{name}/export")
  @Produces("application/x-pem-file")
  public Response export(@PathParam("name") String name) {
    return Response.ok(service.export(name), "application/x-pem-file")
        .header("Content-Disposition", "attachment; filename=\"" + name + ".pem\"")
        .header("Cache-Control", "no-store")
        .build();
  }

  /** The DNS provider names accepted in {@code dns_provider}. */
  @GET
  @Path("/dns-providers")
  public List<String> dnsProviders() {
    return DnsServiceUrls.PROVIDERS.stream().sorted().toList();
  }

  private static CertificateRequest requireBody(CertificateRequest request) {
    if (request == null) {
      throw new ValidationException("body", "a JSON object is required");
    }
    return request;
  }
}
