package dev.certflow.dns.provider.cloud;

import static org.assertj.core.api.Assertions.assertThat;

import com.aliyun.alidns20150109.Client;
import com.aliyun.alidns20150109.models.DescribeDomainsRequest;
import com.aliyun.teaopenapi.models.Config;
import com.github.tomakehurst.wiremock.http.Request;
import com.huaweicloud.sdk.core.auth.BasicCredentials;
import com.huaweicloud.sdk.dns.v2.DnsClient;
import com.huaweicloud.sdk.dns.v2.model.ListPublicZonesRequest;
import com.tencentcloudapi.common.Credential;
import com.tencentcloudapi.common.profile.ClientProfile;
import com.tencentcloudapi.common.profile.HttpProfile;
import com.tencentcloudapi.dnspod.v20210323.DnspodClient;
import com.tencentcloudapi.dnspod.v20210323.models.DescribeDomainListRequest;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The vendors' own Java SDKs send a request to our emulation of their API: the emulation accepts it
 * (so it checks signatures as the vendor does), and our signer, given the same clock, nonce and
 * body the SDK used, computes the very signature the SDK sent.
 */
class VendorSdkCrossCheckTest {

  private static final String KEY_ID = CloudProviderContract.KEY_ID;
  private static final String SECRET = CloudProviderContract.SECRET;
  private static final List<String> ZONES = CloudProviderContract.ACCOUNT_ZONES;

  private static Request last(VendorEmulation emulation) {
    List<Request> received = emulation.received();
    assertThat(received).isNotEmpty();
    return received.get(0); // WireMock lists the newest first
  }

  private static SortedMap<String, String> headers(Request request, String signedHeaders) {
    SortedMap<String, String> headers = new TreeMap<>();
    for (String name : signedHeaders.split(";", -1)) {
      headers.put(name, request.getHeader(name));
    }
    return headers;
  }

  @Test
  void tencentSdkSignatureEqualsOurs() throws Exception {
    try (TencentEmulation emulation = new TencentEmulation(KEY_ID, SECRET, ZONES)) {
      HttpProfile http = new HttpProfile();
      http.setEndpoint(emulation.baseUrl().substring("http://".length()));
      http.setProtocol("http://");
      ClientProfile profile = new ClientProfile();
      profile.setHttpProfile(http);
      DnspodClient client = new DnspodClient(new Credential(KEY_ID, SECRET), "", profile);
      DescribeDomainListRequest list = new DescribeDomainListRequest();
      list.setLimit(100L);

      assertThat(client.DescribeDomainList(list).getDomainList()).hasSize(ZONES.size());

      Request sent = last(emulation);
      Matcher auth =
          Pattern.compile(
                  "TC3-HMAC-SHA256 Credential=[^/]+/[0-9-]+/([^/]+)/tc3_request,"
                      + " SignedHeaders=([^,]+), Signature=.*")
              .matcher(sent.getHeader("Authorization"));
      assertThat(auth.matches()).isTrue();
      String ours =
          TencentSigner.authorization(
              KEY_ID,
              SECRET,
              auth.group(1),
              Long.parseLong(sent.getHeader("X-TC-Timestamp")),
              headers(sent, auth.group(2)),
              sent.getBody());
      assertThat(ours).isEqualTo(sent.getHeader("Authorization"));
    }
  }

  @Test
  void aliyunSdkSignatureEqualsOurs() throws Exception {
    try (AliyunEmulation emulation = new AliyunEmulation(KEY_ID, SECRET, ZONES)) {
      Config config =
          new Config()
              .setAccessKeyId(KEY_ID)
              .setAccessKeySecret(SECRET)
              .setProtocol("http")
              .setEndpoint(emulation.baseUrl().substring("http://".length()))
              .setSignatureAlgorithm("v2"); // the RPC signature 1.0, HMAC-SHA1
      Client client = new Client(config);

      assertThat(
              client
                  .describeDomains(new DescribeDomainsRequest().setPageSize(100L))
                  .getBody()
                  .getTotalCount())
          .isEqualTo(ZONES.size());

      Request sent = last(emulation);
      Map<String, String> parameters = VendorEmulation.query(sent);
      String type = sent.getHeader("Content-Type");
      if (type != null && type.startsWith("application/x-www-form-urlencoded")) {
        parameters.putAll(VendorEmulation.form(sent.getBodyAsString()));
      }
      String theirs = parameters.remove("Signature");
      assertThat(parameters).containsKeys("SignatureNonce", "Timestamp");
      assertThat(AliyunSigner.signature(SECRET, sent.getMethod().getName(), parameters))
          .isEqualTo(theirs);
    }
  }

  @Test
  void huaweiSdkSignatureEqualsOurs() {
    try (HuaweiEmulation emulation = new HuaweiEmulation(KEY_ID, SECRET, ZONES)) {
      DnsClient client =
          DnsClient.newBuilder()
              .withCredential(
                  new BasicCredentials().withAk(KEY_ID).withSk(SECRET).withProjectId("p-1"))
              .withEndpoints(List.of(emulation.baseUrl()))
              .build();

      assertThat(
              client
                  .listPublicZones(new ListPublicZonesRequest().withType("public").withLimit(100))
                  .getZones())
          .hasSize(ZONES.size());

      Request sent = last(emulation);
      Matcher auth =
          Pattern.compile("SDK-HMAC-SHA256 Access=[^,]+, SignedHeaders=([^,]+), Signature=.*")
              .matcher(sent.getHeader("Authorization"));
      assertThat(auth.matches()).isTrue();
      SortedMap<String, String> headers = headers(sent, auth.group(1));
      String canonical =
          HuaweiSigner.canonicalRequest(
              sent.getMethod().getName(),
              URLDecoder.decode(VendorEmulation.path(sent), StandardCharsets.UTF_8),
              VendorEmulation.query(sent),
              headers,
              sent.getBody());
      String ours =
          HuaweiSigner.authorization(
              KEY_ID,
              headers,
              HuaweiSigner.signature(
                  SECRET, HuaweiSigner.stringToSign(sent.getHeader("X-Sdk-Date"), canonical)));
      assertThat(ours).isEqualTo(sent.getHeader("Authorization"));
    }
  }
}
