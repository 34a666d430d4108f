package dev.certflow.dns.provider.cloud;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.certflow.dns.provider.ProviderException;
import dev.certflow.dns.provider.ServiceUrl;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Tencent Cloud DNSPod (API 3.0, version 2021-03-23) signed with TC3-HMAC-SHA256: {@code
 * https://dnspod.tencentcloudapi.com?access_key_id=…&access_key_secret=…} (SecretId and SecretKey).
 * The sub-account needs QcloudDNSPodFullAccess, or DescribeDomainList, DescribeRecordList,
 * CreateRecord and DeleteRecord.
 */
public final class TencentProvider extends RecordPerValueProvider {

  static final String ID = "tencent";
  static final String VERSION = "2021-03-23";
  static final String CONTENT_TYPE = "application/json; charset=utf-8";

  private final URI endpoint;
  private final String service;
  private final String secretId;
  private final String secretKey;
  private final int ttl;

  public TencentProvider(ServiceUrl url, int ttl) {
    this.endpoint = CloudEndpoint.of(ID, url);
    String host = endpoint.getHost();
    // The service in the credential scope is the first label of the vendor's host name.
    this.service = host.matches("[0-9.]+|localhost") ? "dnspod" : host.split("\\.", -1)[0];
    this.secretId = url.require(ID, "access_key_id");
    this.secretKey = url.require(ID, "access_key_secret");
    this.ttl = Math.max(600, ttl); // the smallest TTL of DNSPod's free plan
  }

  @Override
  public String id() {
    return ID;
  }

  @Override
  protected String create(Zone zone, String name, String value) throws VendorError {
    ObjectNode create = CloudHttp.JSON.createObjectNode();
    create.put("Domain", zone.name()).put("SubDomain", Zones.relative(name, zone));
    create.put("RecordType", "TXT").put("RecordLine", "默认").put("Value", value);
    create.put("TTL", ttl);
    return call("CreateRecord", create).path("RecordId").asText();
  }

  @Override
  protected void delete(Zone zone, String id) throws VendorError {
    ObjectNode delete = CloudHttp.JSON.createObjectNode();
    delete.put("Domain", zone.name()).put("RecordId", Long.parseLong(id));
    call("DeleteRecord", delete);
  }

  @Override
  protected boolean alreadyExists(VendorError e) {
    return e.codes.contains("InvalidParameter.DomainRecordExist");
  }

  @Override
  protected boolean alreadyGone(VendorError e) {
    return e.codes.contains("ResourceNotFound.NoDataOfRecord");
  }

  @Override
  protected List<Zone> zones() throws ProviderException {
    List<Zone> zones = new ArrayList<>();
    for (int page = 0; page < 100; page++) {
      ObjectNode list = CloudHttp.JSON.createObjectNode();
      list.put("Offset", page * 3000).put("Limit", 3000);
      JsonNode answer = callOrThrow("DescribeDomainList", list);
      for (JsonNode domain : answer.path("DomainList")) {
        String zone = Zones.plain(domain.path("Name").asText());
        zones.add(new Zone(zone, zone));
      }
      if (zones.size() >= answer.path("DomainCountInfo").path("AllTotal").asInt()
          || answer.path("DomainList").isEmpty()) {
        break;
      }
    }
    return zones;
  }

  @Override
  protected List<Listed> records(Zone zone, String name) throws ProviderException {
    ObjectNode list = CloudHttp.JSON.createObjectNode();
    list.put("Domain", zone.name()).put("Subdomain", Zones.relative(name, zone));
    list.put("RecordType", "TXT").put("Limit", 3000);
    List<Listed> records = new ArrayList<>();
    try {
      for (JsonNode record : call("DescribeRecordList", list).path("RecordList")) {
        records.add(new Listed(record.path("RecordId").asText(), record.path("Value").asText()));
      }
    } catch (VendorError e) {
      if (!e.codes.contains("ResourceNotFound.NoDataOfRecord")) { // DNSPod's way of saying "none"
        throw e.failure;
      }
    }
    return records;
  }

  private JsonNode callOrThrow(String action, ObjectNode body) throws ProviderException {
    try {
      return call(action, body);
    } catch (VendorError e) {
      throw e.failure;
    }
  }

  private JsonNode call(String action, ObjectNode body) throws VendorError {
    byte[] payload = body.toString().getBytes(StandardCharsets.UTF_8);
    long timestamp = Instant.now().getEpochSecond();
    SortedMap<String, String> signed = new TreeMap<>();
    signed.put("content-type", CONTENT_TYPE);
    signed.put("host", CloudEndpoint.hostHeader(endpoint));
    signed.put("x-tc-action", action.toLowerCase(Locale.ROOT));
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(endpoint + "/"))
            .timeout(CloudHttp.TIMEOUT)
            .header("Content-Type", CONTENT_TYPE)
            .header("X-TC-Action", action)
            .header("X-TC-Version", VERSION)
            .header("X-TC-Timestamp", Long.toString(timestamp))
            .header(
                "Authorization",
                TencentSigner.authorization(
                    secretId, secretKey, service, timestamp, signed, payload))
            .POST(HttpRequest.BodyPublishers.ofByteArray(payload))
            .build();
    CloudHttp.Reply reply;
    try {
      reply = CloudHttp.send(ID, request);
    } catch (ProviderException e) {
      throw new VendorError(0, List.of(), e);
    }
    JsonNode response = reply.body().path("Response");
    JsonNode error = response.path("Error");
    if (reply.status() < 300 && response.isObject() && error.isMissingNode()) {
      return response;
    }
    if (error.isMissingNode()) {
      throw new VendorError(reply.status(), List.of(), CloudHttp.unexpected(ID, reply));
    }
    String code = error.path("Code").asText();
    boolean retryable =
        code.startsWith("RequestLimitExceeded")
            || code.startsWith("InternalError")
            || code.startsWith("ResourceUnavailable")
            || code.equals("FailedOperation.FrequencyLimit")
            || reply.status() >= 500;
    String message =
        ID
            + ": "
            + action
            + " failed: "
            + code
            + " ("
            + error.path("Message").asText()
            + ")"
            + (code.startsWith("AuthFailure")
                ? "; check access_key_id, access_key_secret, the clock and the CAM policy"
                : "");
    throw new VendorError(
        reply.status(),
        List.of(code),
        new ProviderException(message, retryable, reply.retryAfter().orElse(null)));
  }
}
