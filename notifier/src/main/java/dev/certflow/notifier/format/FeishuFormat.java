package dev.certflow.notifier.format;

import dev.certflow.security.Digests;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Set;

/**
 * Feishu / Lark (飞书) custom bot: plain text, signed with {@code timestamp} and {@code sign} in the
 * body when the bot has a signing secret.
 */
final class FeishuFormat implements ChannelFormat {

  /** Too many requests, frequency limited. */
  private static final Set<Integer> BUSY = Set.of(9499, 11232);

  @Override
  public Message format(Draft draft) {
    var body = Json.object();
    if (draft.channel().secret() != null) {
      long seconds = draft.now().getEpochSecond();
      body.put("timestamp", Long.toString(seconds))
          .put("sign", sign(draft.channel().secret(), seconds));
    }
    body.put("msg_type", "text").putObject("content").put("text", draft.plain());
    return draft.to(Json.write(body));
  }

  @Override
  public Outcome answer(String detail, String body) {
    return ChatAnswer.read("feishu", detail, body, BUSY);
  }

  /** Base64(HmacSHA256 keyed with "timestamp\nsecret" over nothing). */
  static String sign(String secret, long seconds) {
    return Base64.getEncoder()
        .encodeToString(
            Digests.hmacSha256((seconds + "\n" + secret).getBytes(StandardCharsets.UTF_8), ""));
  }
}
