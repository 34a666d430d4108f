package dev.certflow.notifier.channel;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** Where an alert goes: a generic JSON webhook or one of the chat services' incoming webhooks. */
public enum ChannelType {
  WEBHOOK,
  WECOM,
  DINGTALK,
  FEISHU,
  SLACK;

  /** The name used in the API and on {@code certflow.channels}. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<ChannelType> of(String id) {
    return Arrays.stream(values()).filter(t -> t.id().equals(id)).findFirst();
  }
}
