package dev.certflow.notifier.format;

import dev.certflow.events.AlertEvent;
import dev.certflow.notifier.channel.Channel;
import java.net.URI;
import java.time.Instant;
import java.util.Map;
import java.util.Set;

/** WeCom (企业微信) group robot: markdown; its key is in the URL, it has no signature. */
final class WeComFormat implements ChannelFormat {

  /** System busy, API frequency limit. */
  private static final Set<Integer> BUSY = Set.of(-1, 45009);

  @Override
  public Message format(
      Channel channel,
      AlertEvent alert,
      AlertText text,
      Map<String, String> headers,
      Instant occurredAt,
      Instant now) {
    var body = Json.object();
    body.put("msgtype", "markdown").putObject("markdown").put("content", text.markdown(alert));
    return new Message(URI.create(channel.url()), headers, Json.write(body));
  }

  @Override
  public Outcome answer(String detail, String body) {
    return ChatAnswer.read("wecom", detail, body, BUSY);
  }
}
