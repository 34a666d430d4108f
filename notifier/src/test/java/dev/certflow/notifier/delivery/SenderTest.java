package dev.certflow.notifier.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.certflow.events.AlertEvent;
import dev.certflow.events.ChannelType;
import dev.certflow.notifier.channel.Channel;
import dev.certflow.notifier.format.MessageFormatter;
import dev.certflow.notifier.format.Outcome;
import dev.certflow.notifier.format.WebhookSignature;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Each channel type against a real HTTP receiver that checks what arrives as the service would: the
 * webhook's HMAC, DingTalk's and Feishu's signatures, the message shapes, and the answers each
 * service gives (including their error codes in HTTP 200 answers).
 */
class SenderTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final AlertEvent ALERT =
      new AlertEvent(
          "expiring", "warning", "shop", List.of("shop.example.com"), "expires in 6 days");
  private static final String SECRET = "SEC-channel-secret";

  private HttpServer receiver;
  private final List<HttpExchangeCopy> received = new ArrayList<>();
  private final AtomicReference<String> answer = new AtomicReference<>("{\"errcode\":0}");
  private final MessageFormatter formatter = new MessageFormatter("test-host");
  private final Sender sender = new Sender(new DestinationGuard(true, false));

  record HttpExchangeCopy(URI uri, Map<String, List<String>> headers, String body) {
    String header(String name) {
      return headers.entrySet().stream()
          .filter(e -> e.getKey().equalsIgnoreCase(name))
          .map(e -> e.getValue().get(0))
          .findFirst()
          .orElse(null);
    }

    JsonNode json() throws IOException {
      return JSON.readTree(body);
    }
  }

  @BeforeEach
  void start() throws IOException {
    receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    receiver.createContext("/", this::receive);
    receiver.start();
  }

  @AfterEach
  void stop() {
    receiver.stop(0);
  }

  private void receive(HttpExchange exchange) throws IOException {
    String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    synchronized (received) {
      received.add(
          new HttpExchangeCopy(exchange.getRequestURI(), exchange.getRequestHeaders(), body));
    }
    byte[] reply = answer.get().getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(200, reply.length);
    exchange.getResponseBody().write(reply);
    exchange.close();
  }

  private String url(String path) {
    return "http://127.0.0.1:" + receiver.getAddress().getPort() + path;
  }

  private Outcome send(ChannelType type, String path, String secret) throws InterruptedException {
    Channel channel = new Channel("ops", url(path), type, Set.of(), secret, true);
    return sender.send(
        type,
        formatter.format(
            channel, ALERT, "delivery-1", Instant.parse("2026-11-29T10:00:00Z"), Instant.now()));
  }

  @Test
  void genericWebhookIsSignedWithTheChannelSecret() throws Exception {
    answer.set("");
    assertThat(send(ChannelType.WEBHOOK, "/hook", SECRET).delivered()).isTrue();

    HttpExchangeCopy request = received.get(0);
    assertThat(request.header("X-Certflow-Signature")).startsWith("t=").contains(",v1=");
    assertThat(
            WebhookSignature.verify(
                SECRET,
                request.header("X-Certflow-Signature"),
                request.body(),
                Instant.now(),
                WebhookSignature.TOLERANCE))
        .isTrue();
    // Replayed an hour later, or with another body, it no longer verifies.
    assertThat(
            WebhookSignature.verify(
                SECRET,
                request.header("X-Certflow-Signature"),
                request.body(),
                Instant.now().plus(Duration.ofHours(1)),
                WebhookSignature.TOLERANCE))
        .isFalse();
    assertThat(
            WebhookSignature.verify(
                SECRET,
                request.header("X-Certflow-Signature"),
                request.body() + " ",
                Instant.now(),
                WebhookSignature.TOLERANCE))
        .isFalse();
    assertThat(request.header("X-Certflow-Delivery")).isEqualTo("delivery-1");
    JsonNode body = request.json();
    assertThat(body.path("name").asText()).isEqualTo("ops");
    assertThat(body.path("category").asText()).isEqualTo("expiring");
    assertThat(body.path("level").asText()).isEqualTo("warning");
    assertThat(body.path("certificate").asText()).isEqualTo("shop");
    assertThat(body.path("domains").get(0).asText()).isEqualTo("shop.example.com");
    assertThat(body.path("occurred_at").asText()).isEqualTo("2026-11-29T10:00:00Z");
    assertThat(body.path("hostname").asText()).isEqualTo("test-host");
    assertThat(request.body()).doesNotContain(SECRET);
  }

  @Test
  void dingTalkSignatureVerifiesAsDingTalkComputesIt() throws Exception {
    answer.set("{\"errcode\":0,\"errmsg\":\"ok\"}");
    assertThat(send(ChannelType.DINGTALK, "/robot/send?access_token=t", SECRET).delivered())
        .isTrue();

    HttpExchangeCopy request = received.get(0);
    Map<String, String> query = new HashMap<>();
    for (String pair : request.uri().getRawQuery().split("&", -1)) {
      String[] kv = pair.split("=", 2);
      query.put(kv[0], URLDecoder.decode(kv[1], StandardCharsets.UTF_8));
    }
    long timestamp = Long.parseLong(query.get("timestamp"));
    assertThat(Math.abs(System.currentTimeMillis() - timestamp)).isLessThan(3_600_000);
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    String expected =
        Base64.getEncoder()
            .encodeToString(
                mac.doFinal((timestamp + "\n" + SECRET).getBytes(StandardCharsets.UTF_8)));
    assertThat(query.get("sign")).isEqualTo(expected);
    assertThat(query.get("access_token")).isEqualTo("t");
    assertThat(request.json().path("msgtype").asText()).isEqualTo("markdown");
    assertThat(request.json().path("markdown").path("text").asText()).contains("expires in 6 days");

    answer.set("{\"errcode\":310000,\"errmsg\":\"sign not match\"}");
    Outcome refused = send(ChannelType.DINGTALK, "/robot/send?access_token=t", SECRET);
    assertThat(refused.delivered()).isFalse();
    assertThat(refused.retryable()).isFalse();
    assertThat(refused.detail()).contains("310000");
    answer.set("{\"errcode\":130101,\"errmsg\":\"send too fast\"}");
    assertThat(send(ChannelType.DINGTALK, "/robot/send?access_token=t", SECRET).retryable())
        .isTrue();
  }

  @Test
  void feishuSignatureVerifiesAsFeishuComputesIt() throws Exception {
    answer.set("{\"code\":0,\"msg\":\"success\",\"data\":{}}");
    assertThat(send(ChannelType.FEISHU, "/open-apis/bot/v2/hook/x", SECRET).delivered()).isTrue();

    JsonNode body = received.get(0).json();
    long timestamp = Long.parseLong(body.path("timestamp").asText());
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(
        new SecretKeySpec(
            (timestamp + "\n" + SECRET).getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    assertThat(body.path("sign").asText())
        .isEqualTo(Base64.getEncoder().encodeToString(mac.doFinal(new byte[0])));
    assertThat(body.path("msg_type").asText()).isEqualTo("text");
    assertThat(body.path("content").path("text").asText()).contains("shop.example.com");

    answer.set("{\"code\":19021,\"msg\":\"sign match fail or timestamp is not within one hour\"}");
    assertThat(send(ChannelType.FEISHU, "/open-apis/bot/v2/hook/x", SECRET).retryable()).isFalse();
  }

  @Test
  void weComGetsMarkdownAndItsRateLimitIsRetryable() throws Exception {
    answer.set("{\"errcode\":0,\"errmsg\":\"ok\"}");
    assertThat(send(ChannelType.WECOM, "/cgi-bin/webhook/send?key=k", null).delivered()).isTrue();
    JsonNode body = received.get(0).json();
    assertThat(body.path("msgtype").asText()).isEqualTo("markdown");
    assertThat(body.path("markdown").path("content").asText()).contains("### [certflow] warning");

    answer.set("{\"errcode\":45009,\"errmsg\":\"api freq out of limit\"}");
    assertThat(send(ChannelType.WECOM, "/cgi-bin/webhook/send?key=k", null).retryable()).isTrue();
  }

  @Test
  void slackGetsItsTextField() throws Exception {
    answer.set("ok");
    assertThat(send(ChannelType.SLACK, "/services/T/B/X", null).delivered()).isTrue();
    assertThat(received.get(0).json().path("text").asText()).startsWith("*[certflow] warning");
  }

  @Test
  void loopbackAndPrivateTargetsAreRefusedUnlessAllowed() throws Exception {
    Sender strict = new Sender(new DestinationGuard(false, false));
    Channel channel = new Channel("ops", url("/hook"), ChannelType.WEBHOOK, Set.of(), null, true);
    Outcome outcome =
        strict.send(
            ChannelType.WEBHOOK,
            formatter.format(channel, ALERT, "d", Instant.now(), Instant.now()));
    assertThat(outcome.delivered()).isFalse();
    assertThat(outcome.retryable()).isFalse();
    assertThat(outcome.detail()).contains("loopback");
    assertThat(received).isEmpty();
    assertThat(new DestinationGuard(true, false).refusal(URI.create("http://10.1.2.3/x")))
        .contains("private");
    assertThat(
            new DestinationGuard(true, false).refusal(URI.create("http://169.254.169.254/latest")))
        .contains("private");
  }
}
