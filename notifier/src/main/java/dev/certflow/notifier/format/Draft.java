package dev.certflow.notifier.format;

import dev.certflow.events.AlertEvent;
import dev.certflow.notifier.channel.Channel;
import java.net.URI;
import java.time.Instant;
import java.util.Map;

/**
 * What a format shapes into one request.
 *
 * @param headers the headers every delivery carries; a format may add its own
 * @param occurredAt when the alert was raised
 * @param now the signing time (DingTalk and Feishu refuse signatures older than an hour)
 */
record Draft(
    Channel channel,
    AlertEvent alert,
    AlertText text,
    Map<String, String> headers,
    Instant occurredAt,
    Instant now) {

  String title() {
    return text.title(alert);
  }

  String markdown() {
    return text.markdown(alert);
  }

  String plain() {
    return text.plain(alert);
  }

  String slack() {
    return text.slack(alert);
  }

  /** A request to the channel's own URL with the common headers. */
  Message to(String json) {
    return to(channel.url(), headers, json);
  }

  Message to(String url, Map<String, String> withHeaders, String json) {
    return new Message(URI.create(url), withHeaders, json);
  }
}
