package dev.certflow.notifier.format;

import dev.certflow.events.AlertEvent;
import dev.certflow.notifier.channel.Channel;
import java.net.URI;
import java.time.Instant;
import java.util.Map;

/** Slack incoming webhook: mrkdwn text; the URL is the secret, a 200 means posted. */
final class SlackFormat implements ChannelFormat {

  @Override
  public Message format(
      Channel channel,
      AlertEvent alert,
      AlertText text,
      Map<String, String> headers,
      Instant occurredAt,
      Instant now) {
    var body = Json.object();
    body.put("text", text.slack(alert));
    return new Message(URI.create(channel.url()), headers, Json.write(body));
  }
}
