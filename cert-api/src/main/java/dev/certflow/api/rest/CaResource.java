package dev.certflow.api.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.certflow.api.config.CertflowConfig;
import dev.certflow.api.entity.CaHoldEntity;
import dev.certflow.api.service.NotFoundException;
import dev.certflow.api.service.ca.CaDirectories;
import dev.certflow.api.service.ca.CaDirectory;
import dev.certflow.api.service.ca.CaHolds;
import io.smallrye.common.annotation.Blocking;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The CAs certificates may name: what each offers (profiles, renewal information, read from its
 * directory) and whether ordering from it is on hold (rate limited or the account paused).
 */
@Path("/api/v1/cas")
@Produces(MediaType.APPLICATION_JSON)
@Blocking
public class CaResource {

  /**
   * One CA.
   *
   * @param name as {@code acme} names it
   * @param directory its directory URL, when cert-api knows it
   * @param reachable whether the directory could be read
   * @param renewalInfo whether it offers ACME Renewal Information (RFC 9773)
   * @param profiles the certificate profiles it offers, with their descriptions
   * @param hold why and until when no order goes to it, if so
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record CaView(
      String name,
      String directory,
      boolean reachable,
      @JsonProperty("renewal_info") boolean renewalInfo,
      Map<String, String> profiles,
      HoldView hold) {}

  /** A hold on ordering from a CA. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record HoldView(
      String kind,
      Instant until,
      boolean active,
      String detail,
      @JsonProperty("unpause_url") String unpauseUrl,
      Instant since) {

    static HoldView of(CaHoldEntity hold) {
      return new HoldView(
          hold.kind,
          hold.until,
          hold.active(Instant.now()),
          hold.detail,
          hold.unpauseUrl,
          hold.since);
    }
  }

  private final CertflowConfig config;
  private final CaDirectories directories;
  private final CaHolds holds;

  CaResource(CertflowConfig config, CaDirectories directories, CaHolds holds) {
    this.config = config;
    this.directories = directories;
    this.holds = holds;
  }

  @GET
  public List<CaView> list() throws InterruptedException {
    Map<String, CaHoldEntity> held =
        holds.all().stream().collect(Collectors.toMap(h -> h.ca, h -> h, (a, b) -> a));
    List<CaView> views = new ArrayList<>();
    for (String name : config.acmeCas()) {
      views.add(view(name, Optional.ofNullable(held.get(name))));
    }
    return views;
  }

  @GET
  @Path("{name}")
  public CaView get(@PathParam("name") String name) throws InterruptedException {
    if (!config.acmeCas().contains(name)) {
      throw new NotFoundException("no CA named '" + name + "'");
    }
    return view(name, Optional.ofNullable(CaHoldEntity.<CaHoldEntity>findById(name)));
  }

  /** Resumes ordering from a CA (after its owner lifted a pause, or to try before Retry-After). */
  @DELETE
  @Path("{name}/hold")
  @Transactional
  public Response resume(@PathParam("name") String name) {
    if (!holds.release(name)) {
      throw new NotFoundException("no hold on '" + name + "'");
    }
    return Response.noContent().build();
  }

  private CaView view(String name, Optional<CaHoldEntity> hold) throws InterruptedException {
    String directory = directories.directoryUrl(name).map(Object::toString).orElse(null);
    CaDirectory read = null;
    try {
      read = directory == null ? null : directories.directory(name);
    } catch (IOException e) {
      // shown as unreachable
    }
    return new CaView(
        name,
        directory,
        read != null,
        read != null && read.renewalInfo().isPresent(),
        read == null ? Map.of() : read.profiles(),
        hold.map(HoldView::of).orElse(null));
  }
}
