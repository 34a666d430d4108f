package dev.certflow.notifier.format;

import java.util.Set;

/** WeCom (企业微信) group robot: markdown; its key is in the URL, it has no signature. */
final class WeComFormat implements ChannelFormat {

  /** System busy, API frequency limit. */
  private static final Set<Integer> BUSY = Set.of(-1, 45009);

  @Override
  public Message format(Draft draft) {
    var body = Json.object();
    body.put("msgtype", "markdown").putObject("markdown").put("content", draft.markdown());
    return draft.to(Json.write(body));
  }

  @Override
  public Outcome answer(String detail, String body) {
    return ChatAnswer.read("wecom", detail, body, BUSY);
  }
}
