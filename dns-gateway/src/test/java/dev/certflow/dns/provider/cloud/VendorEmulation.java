package dev.certflow.dns.provider.cloud;

import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.ok;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A DNS vendor's API emulated on WireMock: it checks each request's signature as the vendor's
 * server does, keeps the account's zones and TXT records, and answers with the vendor's JSON, error
 * shapes included. Faults (rate limiting, server errors) can be queued for the next calls.
 */
public abstract class VendorEmulation implements AutoCloseable {

  static final ObjectMapper JSON = new ObjectMapper();

  /** An answer: status, body and headers. */
  public record Reply(int status, String body, Map<String, String> headers) {
    static Reply json(int status, Object body) {
      try {
        return new Reply(status, JSON.writeValueAsString(body), Map.of());
      } catch (JsonProcessingException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  /** One TXT value in the account. */
  public record Txt(String id, String zone, String name, String value) {}

  /** What a fault queued for the next call answers. */
  public enum Fault {
    RATE_LIMITED,
    SERVER_ERROR
  }

  protected final List<String> zones;
  protected final List<Txt> records = new ArrayList<>();
  private final ConcurrentLinkedQueue<Fault> faults = new ConcurrentLinkedQueue<>();
  private final AtomicLong ids = new AtomicLong(1000);
  private final WireMockServer server;

  protected VendorEmulation(List<String> zones) {
    this.zones = List.copyOf(zones);
    server =
        new WireMockServer(
            WireMockConfiguration.options()
                .bindAddress("127.0.0.1")
                .dynamicPort()
                .extensions(new Transformer()));
    server.start();
    server.stubFor(any(anyUrl()).willReturn(ok()));
  }

  /** The vendor's answer to a request whose signature is still to be checked. */
  protected abstract Reply handle(Request request);

  /** The vendor's answer when it limits the caller's rate. */
  protected abstract Reply rateLimited();

  /** The vendor's answer to an internal failure. */
  protected abstract Reply serverError();

  public String baseUrl() {
    return "http://127.0.0.1:" + server.port();
  }

  public void failNext(Fault fault) {
    faults.add(fault);
  }

  /** Every request received, as the vendor's server saw it. */
  public List<Request> received() {
    return server.getAllServeEvents().stream().map(e -> (Request) e.getRequest()).toList();
  }

  /** The TXT values at a name (absolute, either with or without the trailing dot). */
  public synchronized List<String> txtValues(String name) {
    String plain = Zones.plain(name);
    return records.stream().filter(r -> r.name().equals(plain)).map(Txt::value).toList();
  }

  protected synchronized Txt add(String zone, String name, String value) {
    Txt txt = new Txt(Long.toString(ids.incrementAndGet()), zone, Zones.plain(name), value);
    records.add(txt);
    return txt;
  }

  protected String nextId() {
    return Long.toString(ids.incrementAndGet());
  }

  /** The query parameters of the request, decoded. */
  protected static Map<String, String> query(Request request) {
    String url = request.getUrl();
    int q = url.indexOf('?');
    return q < 0 ? new LinkedHashMap<>() : form(url.substring(q + 1));
  }

  protected static String path(Request request) {
    String url = request.getUrl();
    int q = url.indexOf('?');
    return q < 0 ? url : url.substring(0, q);
  }

  protected static Map<String, String> form(String text) {
    Map<String, String> parameters = new LinkedHashMap<>();
    if (text == null || text.isEmpty()) {
      return parameters;
    }
    for (String pair : text.split("&", -1)) {
      int eq = pair.indexOf('=');
      parameters.put(
          URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8),
          eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
    }
    return parameters;
  }

  protected static ObjectNode object() {
    return JSON.createObjectNode();
  }

  @Override
  public void close() {
    server.stop();
  }

  private final class Transformer implements ResponseDefinitionTransformerV2 {
    @Override
    public ResponseDefinition transform(ServeEvent event) {
      Fault fault = faults.poll();
      Reply reply;
      if (fault == Fault.RATE_LIMITED) {
        reply = rateLimited();
      } else if (fault == Fault.SERVER_ERROR) {
        reply = serverError();
      } else {
        synchronized (VendorEmulation.this) {
          reply = handle(event.getRequest());
        }
      }
      ResponseDefinitionBuilder builder =
          ResponseDefinitionBuilder.responseDefinition()
              .withStatus(reply.status())
              .withHeader("Content-Type", "application/json")
              .withBody(reply.body());
      reply.headers().forEach(builder::withHeader);
      return builder.build();
    }

    @Override
    public String getName() {
      return "vendor-emulation";
    }
  }
}
