package dev.certflow.dns.provider.cloud;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.http.Request;
import dev.certflow.security.Digests;
import java.io.IOException;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * DNSPod API 3.0 (2021-03-23): recomputes TC3-HMAC-SHA256 from the signed headers and the body as
 * received, checks the timestamp and that the credential date is the timestamp's UTC date, and
 * answers HTTP 200 with {@code Response} (and {@code Response.Error} on failure).
 */
public final class TencentEmulation extends VendorEmulation {

  private static final Pattern AUTHORIZATION =
      Pattern.compile(
          "TC3-HMAC-SHA256 Credential=([^/]+)/([0-9-]+)/([a-z0-9]+)/tc3_request,"
              + " SignedHeaders=([a-z0-9;-]+), Signature=([0-9a-f]{64})");

  private final String secretId;
  private final String secretKey;

  public TencentEmulation(String secretId, String secretKey, List<String> zones) {
    super(zones);
    this.secretId = secretId;
    this.secretKey = secretKey;
  }

  @Override
  protected Reply handle(Request request) {
    Matcher auth = AUTHORIZATION.matcher(String.valueOf(request.getHeader("Authorization")));
    if (!auth.matches()) {
      return error("AuthFailure.InvalidAuthorization", "Authorization header is malformed.");
    }
    String host = String.valueOf(request.getHeader("Host"));
    // The service is the product's: the first label of the host it was sent to.
    if (!auth.group(3).equals("dnspod") && !host.startsWith(auth.group(3) + ".")) {
      return error("AuthFailure.SignatureFailure", "The credential scope names another service.");
    }
    if (!auth.group(1).equals(secretId)) {
      return error("AuthFailure.SecretIdNotFound", "The SecretId is not found.");
    }
    long timestamp;
    try {
      timestamp = Long.parseLong(request.getHeader("X-TC-Timestamp"));
    } catch (NumberFormatException e) {
      return error("MissingParameter", "The request is missing X-TC-Timestamp.");
    }
    if (Math.abs(System.currentTimeMillis() / 1000 - timestamp) > 300) {
      return error("AuthFailure.SignatureExpire", "Signature expired.");
    }
    List<String> names = List.of(auth.group(4).split(";", -1));
    if (!names.contains("content-type") || !names.contains("host")) {
      return error("AuthFailure.SignatureFailure", "content-type and host must be signed.");
    }
    SortedMap<String, String> signed = new TreeMap<>();
    for (String name : names) {
      signed.put(name, String.valueOf(request.getHeader(name)));
    }
    String sts =
        TencentSigner.stringToSign(
            auth.group(3),
            timestamp,
            TencentSigner.canonicalRequest(
                request.getMethod().getName(), signed, request.getBody()));
    boolean dateMatches = auth.group(2).equals(TencentSigner.date(timestamp));
    if (!dateMatches
        || !Digests.same(
            auth.group(5), TencentSigner.signature(secretKey, auth.group(3), timestamp, sts))) {
      return error(
          "AuthFailure.SignatureFailure",
          "The provided credentials could not be validated. Please check your signature is correct.");
    }
    if (!"2021-03-23".equals(request.getHeader("X-TC-Version"))) {
      return error("InvalidParameter", "The version is not supported.");
    }
    JsonNode in;
    try {
      in = JSON.readTree(request.getBodyAsString());
    } catch (IOException e) {
      return error("InvalidParameter", "The request body is not JSON.");
    }
    return switch (String.valueOf(request.getHeader("X-TC-Action"))) {
      case "DescribeDomainList" -> describeDomainList(in);
      case "DescribeRecordList" -> describeRecordList(in);
      case "CreateRecord" -> createRecord(in);
      case "DeleteRecord" -> deleteRecord(in);
      default -> error("InvalidAction", "The action is not supported.");
    };
  }

  private Reply describeDomainList(JsonNode in) {
    int offset = in.path("Offset").asInt(0);
    int limit = in.path("Limit").asInt(20);
    ObjectNode response = answer();
    response
        .putObject("DomainCountInfo")
        .put("AllTotal", zones.size())
        .put("DomainTotal", zones.size());
    ArrayNode list = response.putArray("DomainList");
    zones.stream()
        .skip(offset)
        .limit(limit)
        .forEach(
            z ->
                list.addObject()
                    .put("DomainId", z.hashCode() & 0x7fffffff)
                    .put("Name", z)
                    .put("Status", "ENABLE"));
    return wrap(response);
  }

  private Reply describeRecordList(JsonNode in) {
    String zone = in.path("Domain").asText();
    if (!zones.contains(zone)) {
      return error("InvalidParameterValue.DomainNotExists", "当前域名有误，请返回重新操作。");
    }
    String sub = in.path("Subdomain").asText(null);
    List<Txt> found =
        records.stream()
            .filter(r -> r.zone().equals(zone))
            .filter(r -> sub == null || relative(r).equals(sub))
            .toList();
    if (found.isEmpty()) {
      return error("ResourceNotFound.NoDataOfRecord", "记录列表为空。");
    }
    ObjectNode response = answer();
    response
        .putObject("RecordCountInfo")
        .put("TotalCount", found.size())
        .put("ListCount", found.size());
    ArrayNode list = response.putArray("RecordList");
    found.forEach(
        r ->
            list.addObject()
                .put("RecordId", Long.parseLong(r.id()))
                .put("Name", relative(r))
                .put("Type", "TXT")
                .put("Value", r.value())
                .put("Line", "默认")
                .put("TTL", 600)
                .put("Status", "ENABLE"));
    return wrap(response);
  }

  private Reply createRecord(JsonNode in) {
    String zone = in.path("Domain").asText();
    if (!zones.contains(zone)) {
      return error("InvalidParameterValue.DomainNotExists", "当前域名有误，请返回重新操作。");
    }
    if (!in.hasNonNull("RecordLine") || !"TXT".equals(in.path("RecordType").asText())) {
      return error("MissingParameter", "RecordLine and RecordType are required.");
    }
    if (in.path("TTL").asInt(600) < 600) {
      return error("InvalidParameter.DomainTTLInvalid", "The TTL is below what this plan allows.");
    }
    String sub = in.path("SubDomain").asText("@");
    String name = sub.equals("@") ? zone : sub + "." + zone;
    String value = in.path("Value").asText();
    if (records.stream().anyMatch(r -> r.name().equals(name) && r.value().equals(value))) {
      return error("InvalidParameter.DomainRecordExist", "记录已经存在，无需再次添加。");
    }
    ObjectNode response = answer();
    response.put("RecordId", Long.parseLong(add(zone, name, value).id()));
    return wrap(response);
  }

  private Reply deleteRecord(JsonNode in) {
    String id = in.path("RecordId").asText();
    if (!records.removeIf(r -> r.id().equals(id) && r.zone().equals(in.path("Domain").asText()))) {
      return error("ResourceNotFound.NoDataOfRecord", "记录列表为空。");
    }
    return wrap(answer());
  }

  private static String relative(Txt r) {
    return Zones.relative(r.name(), new Zone(r.zone(), r.zone()));
  }

  private static ObjectNode answer() {
    ObjectNode response = object();
    response.put("RequestId", UUID.randomUUID().toString());
    return response;
  }

  private static Reply wrap(ObjectNode response) {
    ObjectNode body = object();
    body.set("Response", response);
    return Reply.json(200, body);
  }

  private static Reply error(String code, String message) {
    ObjectNode response = answer();
    response.putObject("Error").put("Code", code).put("Message", message);
    return wrap(response);
  }

  @Override
  protected Reply rateLimited() {
    return error("RequestLimitExceeded", "请求的次数超过了频率限制。");
  }

  @Override
  protected Reply serverError() {
    return error("InternalError", "内部错误。");
  }
}
