package dev.certflow.dns.provider.cloud;

import com.fasterxml.jackson.databind.JsonNode;
import dev.certflow.dns.provider.ProviderException;
import dev.certflow.dns.provider.ServiceUrl;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Alibaba Cloud DNS (Alidns RPC API 2015-01-09), signature version 1.0 with HMAC-SHA1: {@code
 * https://alidns.aliyuncs.com?access_key_id=…&access_key_secret=…}. The RAM user needs
 * AliyunDNSFullAccess, or DescribeDomains, DescribeSubDomainRecords, AddDomainRecord and
 * DeleteDomainRecord.
 */
public final class AliyunProvider extends RecordPerValueProvider {

  static final String ID = "aliyun";
  static final String VERSION = "2015-01-09";

  private final URI endpoint;
  private final String accessKeyId;
  private final String accessKeySecret;
  private final int ttl;

  public AliyunProvider(ServiceUrl url, int ttl) {
    this.endpoint = CloudEndpoint.of(ID, url);
    this.accessKeyId = url.require(ID, "access_key_id");
    this.accessKeySecret = url.require(ID, "access_key_secret");
    this.ttl = Math.max(600, ttl); // the smallest TTL Alidns accepts on every edition
  }

  @Override
  public String id() {
    return ID;
  }

  @Override
  protected String create(Zone zone, String name, String value) throws VendorError {
    Map<String, String> add = new LinkedHashMap<>();
    add.put("DomainName", zone.name());
    add.put("RR", Zones.relative(name, zone));
    add.put("Type", "TXT");
    add.put("Value", value);
    add.put("TTL", Integer.toString(ttl));
    return call("AddDomainRecord", add).path("RecordId").asText();
  }

  @Override
  protected void delete(Zone zone, String id) throws VendorError {
    call("DeleteDomainRecord", Map.of("RecordId", id));
  }

  @Override
  protected boolean alreadyExists(VendorError e) {
    return e.codes.contains("DomainRecordDuplicate");
  }

  @Override
  protected boolean alreadyGone(VendorError e) {
    return e.codes.contains("DomainRecordNotBelongToUser");
  }

  @Override
  protected List<Zone> zones() throws ProviderException {
    List<Zone> zones = new ArrayList<>();
    for (int page = 1; page <= 100; page++) {
      JsonNode answer =
          callOrThrow(
              "DescribeDomains", Map.of("PageNumber", Integer.toString(page), "PageSize", "100"));
      for (JsonNode domain : answer.path("Domains").path("Domain")) {
        String zone = Zones.plain(domain.path("DomainName").asText());
        zones.add(new Zone(zone, zone));
      }
      if (zones.size() >= answer.path("TotalCount").asInt()
          || answer.path("Domains").path("Domain").isEmpty()) {
        break;
      }
    }
    return zones;
  }

  @Override
  protected List<Listed> records(Zone zone, String name) throws ProviderException {
    List<Listed> records = new ArrayList<>();
    JsonNode answer =
        callOrThrow(
            "DescribeSubDomainRecords",
            Map.of(
                "DomainName",
                zone.name(),
                "SubDomain",
                Zones.plain(name),
                "Type",
                "TXT",
                "PageSize",
                "500"));
    for (JsonNode record : answer.path("DomainRecords").path("Record")) {
      records.add(new Listed(record.path("RecordId").asText(), record.path("Value").asText()));
    }
    return records;
  }

  private JsonNode callOrThrow(String action, Map<String, String> parameters)
      throws ProviderException {
    try {
      return call(action, parameters);
    } catch (VendorError e) {
      throw e.failure;
    }
  }

  private JsonNode call(String action, Map<String, String> parameters) throws VendorError {
    Map<String, String> signed = new LinkedHashMap<>(parameters);
    signed.put("Action", action);
    signed.put("Format", "JSON");
    signed.put("Version", VERSION);
    signed.put("AccessKeyId", accessKeyId);
    signed.put("SignatureMethod", "HMAC-SHA1");
    signed.put("SignatureVersion", "1.0");
    signed.put("SignatureNonce", UUID.randomUUID().toString());
    signed.put("Timestamp", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
    signed.put("Signature", AliyunSigner.signature(accessKeySecret, "GET", signed));
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(endpoint + "/?" + AliyunSigner.canonicalQuery(signed)))
            .timeout(CloudHttp.TIMEOUT)
            .GET()
            .build();
    CloudHttp.Reply reply;
    try {
      reply = CloudHttp.send(ID, request);
    } catch (ProviderException e) {
      throw new VendorError(0, List.of(), e);
    }
    String code = reply.body().path("Code").asText("");
    if (reply.status() < 300 && code.isEmpty()) {
      return reply.body();
    }
    boolean credentials =
        code.startsWith("InvalidAccessKeyId")
            || code.equals("SignatureDoesNotMatch")
            || code.equals("IncompleteSignature")
            || code.startsWith("Forbidden");
    boolean retryable =
        code.startsWith("Throttling")
            || code.equals("ServiceUnavailable")
            || code.startsWith("InternalError")
            || code.equals("SignatureNonceUsed")
            || reply.status() >= 500
            || reply.status() == 429;
    String message =
        ID
            + ": "
            + action
            + " failed: "
            + (code.isEmpty() ? "HTTP " + reply.status() : code)
            // A credentials error's message repeats the server's string-to-sign (with the
            // AccessKeyId): left out, the code says enough.
            + (reply.body().has("Message") && !credentials
                ? " (" + reply.body().path("Message").asText() + ")"
                : "")
            + (credentials ? "; check access_key_id, access_key_secret and the RAM policy" : "");
    throw new VendorError(
        reply.status(),
        List.of(code),
        new ProviderException(message, retryable, reply.retryAfter().orElse(null)));
  }
}
