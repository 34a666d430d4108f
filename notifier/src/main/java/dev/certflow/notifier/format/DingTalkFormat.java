package dev.certflow.notifier.format;

import dev.certflow.events.AlertEvent;
import dev.certflow.notifier.channel.Channel;
import dev.certflow.security.Digests;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Set;

/**
 * DingTalk (钉钉) custom robot: markdown, signed with {@code timestamp} and {@code sign} in the URL
 * when the robot has a signing secret.
 */
final class DingTalkFormat implements ChannelFormat {

  /** System busy, sending too fast. */
  private static final Set<Integer> BUSY = Set.of(-1, 130101);

  @Override
  public Message format(
      Channel channel,
      AlertEvent alert,
      AlertText text,
      Map<String, String> headers,
      Instant occurredAt,
      Instant now) {
    var body = Json.object();
    body.put("msgtype", "markdown")
        .putObject("markdown")
        .put("title", text.title(alert))
        .put("text", text.markdown(alert));
    String url = channel.url();
    if (channel.secret() != null) {
      long millis = now.toEpochMilli();
      url +=
          (url.contains("?") ? "&" : "?")
              + "timestamp="
              + millis
              + "&sign="
              + URLEncoder.encode(sign(channel.secret(), millis), StandardCharsets.UTF_8);
    }
    return new Message(URI.create(url), headers, Json.write(body));
  }

  @Override
  public Outcome answer(String detail, String body) {
    return ChatAnswer.read("dingtalk", detail, body, BUSY);
  }

  /** Base64(HmacSHA256 keyed with the secret over "timestamp\nsecret"). */
  static String sign(String secret, long millis) {
    return Base64.getEncoder()
        .encodeToString(
            Digests.hmacSha256(secret.getBytes(StandardCharsets.UTF_8), millis + "\n" + secret));
  }
}
