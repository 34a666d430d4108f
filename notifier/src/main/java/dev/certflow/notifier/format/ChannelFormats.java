package dev.certflow.notifier.format;

import dev.certflow.events.ChannelType;

/**
 * The format of each channel type. The switch is exhaustive, so a type added to the contract does
 * not compile here until it has its format.
 */
public final class ChannelFormats {

  private static final ChannelFormat WEBHOOK = new WebhookFormat();
  private static final ChannelFormat WECOM = new WeComFormat();
  private static final ChannelFormat DINGTALK = new DingTalkFormat();
  private static final ChannelFormat FEISHU = new FeishuFormat();
  private static final ChannelFormat SLACK = new SlackFormat();

  private ChannelFormats() {}

  public static ChannelFormat of(ChannelType type) {
    return switch (type) {
      case WEBHOOK -> WEBHOOK;
      case WECOM -> WECOM;
      case DINGTALK -> DINGTALK;
      case FEISHU -> FEISHU;
      case SLACK -> SLACK;
    };
  }
}
