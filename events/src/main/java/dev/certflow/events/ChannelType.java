package dev.certflow.events;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The kinds of notification channel, the one list of them: cert-api accepts these names in {@code
 * type}, the web UI offers them through {@code GET /api/v1/session}, and the notifier must have a
 * message format for each (its exhaustive switch does not compile without one).
 */
public enum ChannelType {
  /** A generic JSON webhook, signed with HMAC-SHA256 when the channel has a secret. */
  WEBHOOK,
  WECOM,
  DINGTALK,
  FEISHU,
  SLACK;

  /** The name used in the API and in {@link ChannelConfig#type()}. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<ChannelType> of(String id) {
    return Arrays.stream(values()).filter(t -> t.id().equals(id)).findFirst();
  }

  /** Every name, in declaration order. */
  public static List<String> ids() {
    return Arrays.stream(values()).map(ChannelType::id).toList();
  }
}
