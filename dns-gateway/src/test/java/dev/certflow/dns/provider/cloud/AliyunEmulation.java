package dev.certflow.dns.provider.cloud;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.http.Request;
import dev.certflow.security.Digests;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Alidns RPC API 2015-01-09: recomputes the version 1.0 HMAC-SHA1 signature over every parameter
 * received (query and form body), refuses stale timestamps and reused nonces, and answers with
 * Alibaba Cloud's JSON and error codes.
 */
public final class AliyunEmulation extends VendorEmulation {

  private final String accessKeyId;
  private final String accessKeySecret;
  private final Set<String> nonces = new HashSet<>();

  public AliyunEmulation(String accessKeyId, String accessKeySecret, List<String> zones) {
    super(zones);
    this.accessKeyId = accessKeyId;
    this.accessKeySecret = accessKeySecret;
  }

  @Override
  protected Reply handle(Request request) {
    Map<String, String> parameters = query(request);
    String type = request.getHeader("Content-Type");
    if (type != null && type.startsWith("application/x-www-form-urlencoded")) {
      parameters.putAll(form(request.getBodyAsString()));
    }
    String signature = parameters.remove("Signature");
    if (!accessKeyId.equals(parameters.get("AccessKeyId"))) {
      return error(404, "InvalidAccessKeyId.NotFound", "Specified access key is not found.");
    }
    if (signature == null
        || !"HMAC-SHA1".equals(parameters.get("SignatureMethod"))
        || !"1.0".equals(parameters.get("SignatureVersion"))) {
      return error(
          400,
          "IncompleteSignature",
          "The request signature does not conform to Aliyun standards.");
    }
    String method = request.getMethod().getName();
    if (!Digests.same(signature, AliyunSigner.signature(accessKeySecret, method, parameters))) {
      return error(
          400,
          "SignatureDoesNotMatch",
          "Specified signature is not matched with our calculation. server string to sign is:"
              + AliyunSigner.stringToSign(method, parameters));
    }
    try {
      Instant timestamp = Instant.parse(parameters.getOrDefault("Timestamp", ""));
      if (Duration.between(timestamp, Instant.now()).abs().toMinutes() >= 15) {
        return error(
            400, "InvalidTimeStamp.Expired", "Specified time stamp or date value is expired.");
      }
    } catch (DateTimeParseException e) {
      return error(
          400,
          "InvalidTimeStamp.Format",
          "Specified time stamp or date value is not well formatted.");
    }
    if (!nonces.add(parameters.getOrDefault("SignatureNonce", ""))) {
      return error(400, "SignatureNonceUsed", "Specified signature nonce was used already.");
    }
    if (!"2015-01-09".equals(parameters.get("Version"))) {
      return error(400, "InvalidVersion", "Specified parameter Version is not valid.");
    }
    return switch (parameters.getOrDefault("Action", "")) {
      case "DescribeDomains" -> describeDomains(parameters);
      case "DescribeSubDomainRecords" -> describeSubDomainRecords(parameters);
      case "AddDomainRecord" -> addDomainRecord(parameters);
      case "DeleteDomainRecord" -> deleteDomainRecord(parameters);
      default ->
          error(
              404,
              "InvalidAction.NotFound",
              "Specified api is not found, please check your url and method.");
    };
  }

  private Reply describeDomains(Map<String, String> parameters) {
    int page = Integer.parseInt(parameters.getOrDefault("PageNumber", "1"));
    int size = Integer.parseInt(parameters.getOrDefault("PageSize", "20"));
    ObjectNode body = answer();
    body.put("TotalCount", zones.size()).put("PageNumber", page).put("PageSize", size);
    ArrayNode domains = body.putObject("Domains").putArray("Domain");
    zones.stream()
        .skip((long) (page - 1) * size)
        .limit(size)
        .forEach(
            z -> domains.addObject().put("DomainName", z).put("DomainId", "d-" + z.hashCode()));
    return Reply.json(200, body);
  }

  private Reply describeSubDomainRecords(Map<String, String> parameters) {
    String name = Zones.plain(parameters.getOrDefault("SubDomain", ""));
    ObjectNode body = answer();
    ArrayNode list = body.putObject("DomainRecords").putArray("Record");
    records.stream()
        .filter(r -> r.name().equals(name))
        .forEach(
            r ->
                list.addObject()
                    .put("RR", Zones.relative(r.name(), new Zone(r.zone(), r.zone())))
                    .put("DomainName", r.zone())
                    .put("Value", r.value())
                    .put("RecordId", r.id())
                    .put("Type", "TXT")
                    .put("TTL", 600)
                    .put("Status", "ENABLE")
                    .put("Line", "default"));
    body.put("TotalCount", list.size()).put("PageNumber", 1).put("PageSize", 500);
    return Reply.json(200, body);
  }

  private Reply addDomainRecord(Map<String, String> parameters) {
    String zone = parameters.getOrDefault("DomainName", "");
    if (!zones.contains(zone)) {
      return error(
          400,
          "InvalidDomainName.NoExist",
          "The specified domain name does not exist. Refresh the page and try again.");
    }
    if (Integer.parseInt(parameters.getOrDefault("TTL", "600")) < 600) {
      return error(
          400,
          "DomainRecordTTL.Invalid",
          "The TTL value is out of the valid range for your DNS edition.");
    }
    String rr = parameters.getOrDefault("RR", "");
    String name = rr.equals("@") ? zone : rr + "." + zone;
    String value = parameters.getOrDefault("Value", "");
    if (records.stream().anyMatch(r -> r.name().equals(name) && r.value().equals(value))) {
      return error(400, "DomainRecordDuplicate", "The DNS record already exists.");
    }
    ObjectNode body = answer();
    body.put("RecordId", add(zone, name, value).id());
    return Reply.json(200, body);
  }

  private Reply deleteDomainRecord(Map<String, String> parameters) {
    String id = parameters.getOrDefault("RecordId", "");
    if (!records.removeIf(r -> r.id().equals(id))) {
      return error(400, "DomainRecordNotBelongToUser", "The DNS record does not belong to you.");
    }
    ObjectNode body = answer();
    body.put("RecordId", id);
    return Reply.json(200, body);
  }

  private static ObjectNode answer() {
    ObjectNode body = object();
    body.put("RequestId", UUID.randomUUID().toString().toUpperCase(Locale.ROOT));
    return body;
  }

  private static Reply error(int status, String code, String message) {
    ObjectNode body = answer();
    body.put("HostId", "alidns.aliyuncs.com").put("Code", code).put("Message", message);
    body.put("Recommend", "https://api.aliyun.com/troubleshoot?q=" + code);
    return Reply.json(status, body);
  }

  @Override
  protected Reply rateLimited() {
    return error(400, "Throttling.User", "Request was denied due to user flow control.");
  }

  @Override
  protected Reply serverError() {
    return error(
        500, "InternalError", "The request processing has failed due to some unknown error.");
  }
}
