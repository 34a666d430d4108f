package dev.certflow.notifier.format;

/**
 * How one kind of channel takes an alert: the request its service expects (shape and signature) and
 * how it says whether it accepted one. One class per {@link dev.certflow.events.ChannelType}, wired
 * in {@link ChannelFormats}.
 */
public interface ChannelFormat {

  /** The request for one delivery. */
  Message format(Draft draft);

  /**
   * What a 2xx answer means. Chat services answer 200 with an error code in the body; plain
   * webhooks and Slack mean success by the status alone.
   */
  default Outcome answer(String detail, String body) {
    return Outcome.delivered(detail);
  }
}
