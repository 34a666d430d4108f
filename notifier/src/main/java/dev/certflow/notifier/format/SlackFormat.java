package dev.certflow.notifier.format;

/** Slack incoming webhook: mrkdwn text; the URL is the secret, a 200 means posted. */
final class SlackFormat implements ChannelFormat {

  @Override
  public Message format(Draft draft) {
    var body = Json.object();
    body.put("text", draft.slack());
    return draft.to(Json.write(body));
  }
}
