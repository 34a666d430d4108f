package dev.certflow.notifier.format;

import dev.certflow.security.Digests;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Set;

/**
 * DingTalk (钉钉) custom robot: markdown, signed with {@code timestamp} and {@code sign} in the URL
 * when the robot has a signing secret.
 */
final class DingTalkFormat implements ChannelFormat {

  /** System busy, sending too fast. */
  private static final Set<Integer> BUSY = Set.of(-1, 130101);

  @Override
  public Message format(Draft draft) {
    var body = Json.object();
    body.put("msgtype", "markdown")
        .putObject("markdown")
        .put("title", draft.title())
        .put("text", draft.markdown());
    String url = draft.channel().url();
    if (draft.channel().secret() != null) {
      long millis = draft.now().toEpochMilli();
      url +=
          (url.contains("?") ? "&" : "?")
              + "timestamp="
              + millis
              + "&sign="
              + URLEncoder.encode(sign(draft.channel().secret(), millis), StandardCharsets.UTF_8);
    }
    return draft.to(url, draft.headers(), Json.write(body));
  }

  @Override
  public Outcome answer(String detail, String body) {
    return ChatAnswer.read("dingtalk", detail, body, BUSY);
  }

  /** Base64(HmacSHA256 keyed with the secret over "timestamp\nsecret"). */
  static String sign(String secret, long millis) {
    return Base64.getEncoder()
        .encodeToString(
            Digests.hmacSha256(secret.getBytes(StandardCharsets.UTF_8), millis + "\n" + secret));
  }
}
