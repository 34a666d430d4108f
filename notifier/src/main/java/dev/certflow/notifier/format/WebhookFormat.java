package dev.certflow.notifier.format;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.certflow.events.AlertEvent;
import dev.certflow.notifier.channel.Channel;
import dev.certflow.security.Digests;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The generic webhook: the alert's fields as JSON, signed in {@value #SIGNATURE_HEADER} (hex
 * HMAC-SHA256 of the body under the channel secret) when the channel has one.
 */
final class WebhookFormat implements ChannelFormat {

  static final String SIGNATURE_HEADER = "X-Certflow-Signature";

  @Override
  public Message format(
      Channel channel,
      AlertEvent alert,
      AlertText text,
      Map<String, String> headers,
      Instant occurredAt,
      Instant now) {
    ObjectNode body =
        Json.object()
            .put("name", channel.name())
            .put("level", alert.level())
            .put("category", alert.category())
            .put("certificate", alert.certificate());
    alert.domains().forEach(body.putArray("domains")::add);
    body.put("message", alert.message())
        .put("occurred_at", occurredAt.toString())
        .put("hostname", text.hostname());
    String json = Json.write(body);
    Map<String, String> signed = new LinkedHashMap<>(headers);
    if (channel.secret() != null) {
      signed.put(SIGNATURE_HEADER, signature(channel.secret(), json));
    }
    return new Message(URI.create(channel.url()), signed, json);
  }

  /** Hex HMAC-SHA256 of the body under the channel secret: what receivers recompute. */
  static String signature(String secret, String body) {
    return Digests.hex(Digests.hmacSha256(secret.getBytes(StandardCharsets.UTF_8), body));
  }
}
