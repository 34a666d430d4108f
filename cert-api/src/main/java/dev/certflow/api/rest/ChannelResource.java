package dev.certflow.api.rest;

import dev.certflow.api.entity.ChannelEntity;
import dev.certflow.api.service.ValidationException;
import dev.certflow.api.service.channel.ChannelService;
import dev.certflow.api.service.channel.ChannelService.ChannelInput;
import dev.certflow.security.KeySealer;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriBuilder;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Notification channels (admin): add, list, change, delete, and send a test message. */
@Path("/api/v1/channels")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class ChannelResource {

  private final ChannelService service;

  ChannelResource(ChannelService service) {
    this.service = service;
  }

  @POST
  public Response create(ChannelRequest request) {
    ChannelEntity channel = service.create(input(request));
    return Response.created(
            UriBuilder.fromResource(ChannelResource.class).path(channel.name).build())
        .entity(view(channel))
        .build();
  }

  @GET
  public List<ChannelView> list() {
    return service.list().stream().map(this::view).toList();
  }

  @GET
  @Path("{name}")
  public ChannelView get(@PathParam("name") String name) {
    return view(service.get(name));
  }

  @PUT
  @Path("{name}")
  public ChannelView update(@PathParam("name") String name, ChannelRequest request) {
    return view(service.update(name, input(request)));
  }

  @DELETE
  @Path("{name}")
  public Response delete(@PathParam("name") String name) {
    service.delete(name);
    return Response.noContent().build();
  }

  /** Queues a test message; its delivery shows under {@code /api/v1/alerts}. */
  @POST
  @Path("{name}/test")
  public Response test(@PathParam("name") String name) {
    UUID alert = service.test(name);
    return Response.accepted(Map.of("alert_id", alert.toString())).build();
  }

  private static ChannelInput input(ChannelRequest request) {
    if (request == null) {
      throw new ValidationException("body", "a JSON object is required");
    }
    return new ChannelInput(
        request.name(),
        request.type(),
        request.url(),
        request.categories(),
        request.secret(),
        request.enabled());
  }

  private ChannelView view(ChannelEntity channel) {
    URI url;
    try {
      url = URI.create(service.url(channel));
    } catch (KeySealer.SealException e) {
      // Shown flagged, not a 500 for the whole list.
      return view(channel, null, List.of(UNREADABLE));
    }
    String shown =
        url.getScheme()
            + "://"
            + url.getHost()
            + (url.getPort() > 0 ? ":" + url.getPort() : "")
            + ((url.getRawPath() == null || url.getRawPath().isEmpty()) && url.getRawQuery() == null
                ? ""
                : "/***");
    return view(channel, shown, List.of());
  }

  private static ChannelView view(ChannelEntity channel, String shownUrl, List<String> warnings) {
    return new ChannelView(
        channel.name,
        channel.type,
        shownUrl,
        ChannelService.categories(channel),
        channel.sealedSecret != null,
        channel.enabled,
        channel.createdAt,
        channel.updatedAt,
        warnings);
  }

  static final String UNREADABLE =
      "its URL is sealed under a key this cert-api does not hold: start it with the master key"
          + " it was sealed with (CERTFLOW_MASTER_KEY, NEW,OLD while rotating), or save the"
          + " channel again with its url";
}
