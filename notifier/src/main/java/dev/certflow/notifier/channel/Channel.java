package dev.certflow.notifier.channel;

import dev.certflow.events.ChannelType;
import java.util.Set;

/**
 * A delivery target as the notifier uses it.
 *
 * @param name the channel's name
 * @param url the endpoint (for DingTalk the robot URL with its access_token)
 * @param type how messages are shaped and signed
 * @param categories the alert categories it receives; empty means all
 * @param secret the signing secret (webhook HMAC key, DingTalk or Feishu signing secret), or null
 * @param enabled whether it receives anything
 */
public record Channel(
    String name,
    String url,
    ChannelType type,
    Set<String> categories,
    String secret,
    boolean enabled) {

  public Channel {
    categories = Set.copyOf(categories);
  }

  /** Whether an alert of this category goes to this channel. */
  public boolean accepts(String category) {
    return enabled && (categories.isEmpty() || categories.contains(category));
  }

  @Override
  public String toString() {
    return "Channel["
        + name
        + ", "
        + type.id()
        + ", secret="
        + (secret == null ? "none" : "***")
        + "]";
  }
}
