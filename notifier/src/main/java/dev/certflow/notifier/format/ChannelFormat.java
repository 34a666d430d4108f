package dev.certflow.notifier.format;

import dev.certflow.events.AlertEvent;
import dev.certflow.notifier.channel.Channel;
import java.time.Instant;
import java.util.Map;

/**
 * How one kind of channel takes an alert: the request its service expects (shape and signature) and
 * how it says whether it accepted one. One class per {@link dev.certflow.events.ChannelType}, wired
 * in {@link ChannelFormats}.
 */
public interface ChannelFormat {

  /**
   * The request for one delivery.
   *
   * @param headers the headers every delivery carries; a format may add its own
   * @param occurredAt when the alert was raised
   * @param now the signing time (DingTalk and Feishu refuse signatures older than an hour)
   */
  Message format(
      Channel channel,
      AlertEvent alert,
      AlertText text,
      Map<String, String> headers,
      Instant occurredAt,
      Instant now);

  /**
   * What a 2xx answer means. Chat services answer 200 with an error code in the body; plain
   * webhooks and Slack mean success by the status alone.
   */
  default Outcome answer(String detail, String body) {
    return Outcome.delivered(detail);
  }
}
