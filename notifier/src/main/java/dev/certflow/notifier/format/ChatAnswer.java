package dev.certflow.notifier.format;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;
import java.util.Set;

/**
 * Reads a chat service's 200 answer: 0 in its error code means delivered, a busy or rate-limit code
 * is worth a retry, anything else is refused for good. WeCom and DingTalk answer {@code
 * errcode}/{@code errmsg}, Feishu {@code code}/{@code msg} (older robots {@code StatusCode}).
 */
final class ChatAnswer {

  private ChatAnswer() {}

  static Outcome read(String service, String detail, String body, Set<Integer> busyCodes) {
    Optional<JsonNode> parsed = Json.read(body);
    if (parsed.isEmpty() || !parsed.get().isObject()) {
      return Outcome.refused(detail + " with an unreadable answer");
    }
    JsonNode answer = parsed.get();
    JsonNode code =
        answer.has("errcode")
            ? answer.get("errcode")
            : answer.has("code") ? answer.get("code") : answer.path("StatusCode");
    int value = code.asInt(0);
    if (value == 0) {
      return Outcome.delivered(detail);
    }
    String text =
        service
            + " error "
            + value
            + ": "
            + answer.path("errmsg").asText(answer.path("msg").asText(""));
    return busyCodes.contains(value) ? Outcome.retry(text) : Outcome.refused(text);
  }
}
