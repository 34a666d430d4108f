package dev.certflow.notifier.format;

import dev.certflow.events.AlertEvent;
import dev.certflow.notifier.channel.Channel;
import java.time.Instant;
import java.util.Map;

/**
 * Shapes an alert for a channel as its service expects it, through the channel type's {@link
 * ChannelFormat}, with the delivery id every receiver can de-duplicate by.
 */
public final class MessageFormatter {

  public static final String SIGNATURE_HEADER = WebhookFormat.SIGNATURE_HEADER;
  public static final String DELIVERY_HEADER = "X-Certflow-Delivery";

  private final AlertText text;

  public MessageFormatter(String hostname) {
    this.text = new AlertText(hostname);
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
    return ChannelFormats.of(channel.type())
        .format(
            new Draft(channel, alert, text, Map.of(DELIVERY_HEADER, deliveryId), occurredAt, now));
  }
}
