package dev.certflow.dns.provider.cloud;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** Our signers reproduce the worked examples the vendors publish in their documentation. */
class VendorDocumentedExamplesTest {

  /** Alibaba Cloud, "Request signatures" for RPC APIs (ECS DescribeRegions, secret testsecret). */
  @Test
  void aliyunRpcSignatureVersion1() {
    Map<String, String> parameters =
        Map.of(
            "AccessKeyId", "testid",
            "Action", "DescribeRegions",
            "Format", "XML",
            "SignatureMethod", "HMAC-SHA1",
            "SignatureNonce", "3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf",
            "SignatureVersion", "1.0",
            "Timestamp", "2016-02-23T12:46:24Z",
            "Version", "2014-05-26");
    assertThat(AliyunSigner.stringToSign("GET", parameters))
        .isEqualTo(
            "GET&%2F&AccessKeyId%3Dtestid%26Action%3DDescribeRegions%26Format%3DXML"
                + "%26SignatureMethod%3DHMAC-SHA1%26SignatureNonce%3D3ee8c1b8-83d3-44af-a94f-"
                + "4e0ad82fd6cf%26SignatureVersion%3D1.0%26Timestamp%3D2016-02-23T12%253A46"
                + "%253A24Z%26Version%3D2014-05-26");
    assertThat(AliyunSigner.signature("testsecret", "GET", parameters))
        .isEqualTo("OLeaidS1JvxuMvnyHOwuJ+uX5qY=");
  }

  @Test
  void aliyunPercentEncodingIsRfc3986() {
    assertThat(AliyunSigner.percentEncode("a b*c~d+e/é")).isEqualTo("a%20b%2Ac~d%2Be%2F%C3%A9");
  }

  /** Tencent Cloud, "Signature v3" (CVM DescribeInstances at 1551113065). */
  @Test
  void tencentTc3HmacSha256() {
    TreeMap<String, String> headers = new TreeMap<>();
    headers.put("content-type", "application/json; charset=utf-8");
    headers.put("host", "cvm.tencentcloudapi.com");
    byte[] payload =
        "{\"Limit\": 1, \"Filters\": [{\"Values\": [\"\\u672a\\u547d\\u540d\"], \"Name\": \"instance-name\"}]}"
            .getBytes(StandardCharsets.UTF_8);
    String canonical = TencentSigner.canonicalRequest("POST", headers, payload);
    assertThat(canonical)
        .isEqualTo(
            "POST\n/\n\ncontent-type:application/json; charset=utf-8\nhost:cvm.tencentcloudapi.com\n\n"
                + "content-type;host\n35e9c5b0e3ae67532d3c9f17ead6c90222632e5b1ff7f6e89887f1398934f064");
    assertThat(TencentSigner.stringToSign("cvm", 1551113065, canonical))
        .isEqualTo(
            "TC3-HMAC-SHA256\n1551113065\n2019-02-25/cvm/tc3_request\n"
                + "5ffe6a04c0664d6b969fab9a13bdab201d63ee709638e2749d62a09ca18d7031");
    assertThat(
            TencentSigner.authorization(
                "AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE",
                "Gu5t9xGARNpq86cd98joQYCN3EXAMPLE",
                "cvm",
                1551113065,
                headers,
                payload))
        .isEqualTo(
            "TC3-HMAC-SHA256 Credential=AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE/2019-02-25/cvm/tc3_request,"
                + " SignedHeaders=content-type;host,"
                + " Signature=72e494ea809ad7a8c8f7a4507b9bddcbaa8e581f516e8da2f66e2c5a96525168");
  }

  /** The credential date is the UTC date of the signed timestamp, not the local one. */
  @Test
  void tencentDateFollowsTheTimestampInUtc() {
    // 2019-02-26 00:44:25 in UTC+8 is still 2019-02-25 in UTC.
    assertThat(TencentSigner.date(1551113065)).isEqualTo("2019-02-25");
  }

  /** Huawei Cloud, "API Request Signing Guide": the canonical request and signature steps. */
  @Test
  void huaweiSdkHmacSha256() {
    TreeMap<String, String> headers = new TreeMap<>();
    headers.put("host", "c967a237-cd6c-470e-906f-a8655461897e.apigw.exampleRegion.com");
    headers.put("x-sdk-date", "20191111T093443Z");
    assertThat(
            HuaweiSigner.canonicalRequest(
                "GET", "/app1", Map.of("b", "2", "a", "1"), headers, new byte[0]))
        .isEqualTo(
            "GET\n/app1/\na=1&b=2\n"
                + "host:c967a237-cd6c-470e-906f-a8655461897e.apigw.exampleRegion.com\n"
                + "x-sdk-date:20191111T093443Z\n\nhost;x-sdk-date\n"
                + "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    String stringToSign =
        "SDK-HMAC-SHA256\n20191115T033655Z\n"
            + "b25362e603ee30f4f25e7858e8a7160fd36e803bb2dfe206278659d71a9bcd7a";
    assertThat(HuaweiSigner.signature("MFyfvK41ba2giqM7Uio6PznpdUKGpownRZlmVmHc", stringToSign))
        .isEqualTo("7be6668032f70418fcc22abc52071e57aff61b84a1d2381bb430d6870f4f6ebe");
    TreeMap<String, String> signed = new TreeMap<>();
    signed.put("content-type", "");
    signed.put("host", "");
    signed.put("x-sdk-date", "");
    assertThat(
            HuaweiSigner.authorization(
                "QTWAOYTTINDUT2QVKYUC",
                signed,
                "7be6668032f70418fcc22abc52071e57aff61b84a1d2381bb430d6870f4f6ebe"))
        .isEqualTo(
            "SDK-HMAC-SHA256 Access=QTWAOYTTINDUT2QVKYUC, SignedHeaders=content-type;host;x-sdk-date,"
                + " Signature=7be6668032f70418fcc22abc52071e57aff61b84a1d2381bb430d6870f4f6ebe");
  }
}
