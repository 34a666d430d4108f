package dev.certflow.notifier.delivery;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.certflow.events.AlertEvent;
import dev.certflow.notifier.channel.Channel;
import dev.certflow.security.Digests;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Shapes an alert for a channel as its service expects it, and signs it: the generic webhook with
 * {@code X-Certflow-Signature} (hex HMAC-SHA256 of the body under the channel secret), DingTalk
 * with {@code timestamp} and {@code sign} in the URL, Feishu with both in the body.
 */
public final class MessageFormatter {

  public static final String SIGNATURE_HEADER = "X-Certflow-Signature";
  public static final String DELIVERY_HEADER = "X-Certflow-Delivery";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final String hostname;

  public MessageFormatter(String hostname) {
    this.hostname = hostname;
  }

  /**
   * The message for one delivery.
   *
   * @param deliveryId the same on every retry of this alert to this channel, for de-duplication
   * @param occurredAt when the alert was raised
   * @param now the signing time (DingTalk and Feishu refuse signatures older than an hour)
   */
  public Message format(
      Channel channel, AlertEvent alert, String deliveryId, Instant occurredAt, Instant now) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put(DELIVERY_HEADER, deliveryId);
    URI uri = URI.create(channel.url());
    ObjectNode body = JSON.createObjectNode();
    switch (channel.type()) {
      case WEBHOOK -> {
        body.put("name", channel.name())
            .put("level", alert.level())
            .put("category", alert.category())
            .put("certificate", alert.certificate());
        alert.domains().forEach(body.putArray("domains")::add);
        body.put("message", alert.message())
            .put("occurred_at", occurredAt.toString())
            .put("hostname", hostname);
      }
      case WECOM ->
          body.put("msgtype", "markdown").putObject("markdown").put("content", markdown(alert));
      case DINGTALK -> {
        body.put("msgtype", "markdown")
            .putObject("markdown")
            .put("title", title(alert))
            .put("text", markdown(alert));
        if (channel.secret() != null) {
          long millis = now.toEpochMilli();
          uri =
              URI.create(
                  channel.url()
                      + (channel.url().contains("?") ? "&" : "?")
                      + "timestamp="
                      + millis
                      + "&sign="
                      + URLEncoder.encode(
                          dingTalkSign(channel.secret(), millis), StandardCharsets.UTF_8));
        }
      }
      case FEISHU -> {
        if (channel.secret() != null) {
          long seconds = now.getEpochSecond();
          body.put("timestamp", Long.toString(seconds))
              .put("sign", feishuSign(channel.secret(), seconds));
        }
        body.put("msg_type", "text").putObject("content").put("text", plain(alert));
      }
      case SLACK -> body.put("text", slack(alert));
    }
    String text;
    try {
      text = JSON.writeValueAsString(body);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
    if (channel.type() == dev.certflow.notifier.channel.ChannelType.WEBHOOK
        && channel.secret() != null) {
      headers.put(SIGNATURE_HEADER, webhookSignature(channel.secret(), text));
    }
    return new Message(uri, headers, text);
  }

  /** Hex HMAC-SHA256 of the body under the channel secret: what receivers recompute. */
  public static String webhookSignature(String secret, String body) {
    return Digests.hex(Digests.hmacSha256(secret.getBytes(StandardCharsets.UTF_8), body));
  }

  /** DingTalk: Base64(HmacSHA256 keyed with the secret over "timestamp\nsecret"). */
  public static String dingTalkSign(String secret, long millis) {
    return Base64.getEncoder()
        .encodeToString(
            Digests.hmacSha256(secret.getBytes(StandardCharsets.UTF_8), millis + "\n" + secret));
  }

  /** Feishu: Base64(HmacSHA256 keyed with "timestamp\nsecret" over nothing). */
  public static String feishuSign(String secret, long seconds) {
    return Base64.getEncoder()
        .encodeToString(
            Digests.hmacSha256((seconds + "\n" + secret).getBytes(StandardCharsets.UTF_8), ""));
  }

  private String title(AlertEvent alert) {
    return "[certflow] " + alert.level() + ": " + alert.category() + " " + alert.certificate();
  }

  private String markdown(AlertEvent alert) {
    return "### "
        + title(alert)
        + "\n\n"
        + alert.message()
        + "\n\n- domains: "
        + String.join(", ", alert.domains())
        + "\n- host: "
        + hostname;
  }

  private String plain(AlertEvent alert) {
    return title(alert)
        + "\n"
        + alert.message()
        + "\ndomains: "
        + String.join(", ", alert.domains());
  }

  private String slack(AlertEvent alert) {
    return "*"
        + title(alert)
        + "*\n"
        + alert.message()
        + "\n_domains: "
        + String.join(", ", alert.domains())
        + "_";
  }
}
