package dev.certflow.api.rest;

import dev.certflow.api.pem.Hostnames;
import dev.certflow.api.service.ValidationException;
import dev.certflow.api.service.certificate.CertificateCatalog;
import dev.certflow.api.service.certificate.CertificateQuery;
import dev.certflow.api.service.certificate.CertificateRequest;
import dev.certflow.api.service.certificate.CertificateService;
import dev.certflow.api.service.certificate.CertificateStatus;
import dev.certflow.api.service.certificate.StoredCertificate;
import dev.certflow.api.service.order.RevocationReasons;
import dev.certflow.security.DnsServiceUrls;
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
  private final CertificateCatalog catalog;

  CertificateResource(
      CertificateService service, CertificateViews views, CertificateCatalog catalog) {
    this.service = service;
    this.views = views;
    this.catalog = catalog;
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

  /**
   * A page of certificates, filtered, sorted and counted by the database. Page with {@code cursor}
   * (the {@code next_cursor} of the previous page): it stays fast at any depth and returns every
   * certificate once while others are added; {@code page} (offsets) suits the first pages.
   */
  @GET
  public PageView<CertificateView> list(
      @QueryParam("page") @DefaultValue("0") String pageParam,
      @QueryParam("size") @DefaultValue("50") String sizeParam,
      @QueryParam("domain") String domain,
      @QueryParam("status") String status,
      @QueryParam("name") String namePrefix,
      @QueryParam("q") String searchText,
      @QueryParam("sort") @DefaultValue("name") String sortParam,
      @QueryParam("cursor") String cursor) {
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
      wanted = CertificateStatus.parse(status.strip().toLowerCase(Locale.ROOT));
      if (wanted == null) {
        throw new ValidationException(
            "status", "must be one of valid, expiring, expired, pending, failed");
      }
    }
    CertificateQuery.Sort sort = CertificateQuery.Sort.parse(sortParam.strip());
    if (sort == null) {
      throw new ValidationException("sort", "must be one of name, expiry, status");
    }
    String host = null;
    if (domain != null && !domain.isBlank()) {
      try {
        host = Hostnames.normalize(domain);
      } catch (IllegalArgumentException e) {
        throw new ValidationException("domain", e.getMessage());
      }
    }
    String prefix = null;
    if (namePrefix != null && !namePrefix.isBlank()) {
      prefix = namePrefix.strip();
      if (prefix.length() > 64) {
        throw new ValidationException("name", "must be at most 64 characters");
      }
    }
    CertificateQuery.Search search = null;
    if (searchText != null && !searchText.isBlank()) {
      String text = searchText.strip();
      if (text.length() > 253) {
        throw new ValidationException("q", "must be at most 253 characters");
      }
      String searchHost;
      try {
        searchHost = text.contains(".") ? Hostnames.normalize(text.toLowerCase(Locale.ROOT)) : null;
      } catch (IllegalArgumentException e) {
        searchHost = null; // not a host name: a name prefix only
      }
      search = new CertificateQuery.Search(text, searchHost);
    }
    CertificateCatalog.Page found =
        catalog.list(
            new CertificateQuery(
                prefix,
                host,
                search,
                wanted,
                sort,
                PageCursor.decode(cursor),
                (long) page * size,
                size),
            Instant.now());
    AgentSnapshot agents = views.agentSnapshot();
    List<CertificateView> items =
        found.items().stream().map(s -> views.summary(s, agents)).toList();
    return new PageView<>(items, page, size, found.total(), PageCursor.encode(found.next()));
  }

  private static int integer(String field, String value) {
    try {
      return Integer.parseInt(value.strip());
    } catch (NumberFormatException e) {
      throw new ValidationException(field, "must be an integer");
    }
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
  public Response delete(@PathParam("name") String name, @QueryParam("revoke") String revoke) {
    service.delete(name, flag("revoke", revoke));
    return Response.noContent().build();
  }

  /**
   * Revokes the current version at its CA (admin) and orders a replacement at once; the body may
   * give a {@code reason} (see {@link RevocationReasons}).
   */
  @POST
  @Path("{name}/revoke")
  public Response revoke(@PathParam("name") String name, RevokeRequest request) {
    int reason = RevocationReasons.code(request == null ? null : request.reason());
    return Response.accepted(views.view(service.revoke(name, reason), views.agentSnapshot()))
        .build();
  }

  /** The body of a revocation: an RFC 5280 reason by name or code. */
  public record RevokeRequest(Object reason) {}

  private static boolean flag(String field, String value) {
    if (value == null || value.isBlank() || "false".equals(value.strip())) {
      return false;
    }
    if ("true".equals(value.strip())) {
      return true;
    }
    throw new ValidationException(field, "must be true or false");
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
