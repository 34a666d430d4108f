package dev.certflow.notifier.delivery;

import dev.certflow.events.ChannelType;
import dev.certflow.notifier.format.ChannelFormats;
import dev.certflow.notifier.format.Message;
import dev.certflow.notifier.format.Outcome;
import java.io.IOException;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Sends one message and says how it went. The chat services answer HTTP 200 with an error code in
 * the body, so success is read the way each of them reports it; their rate limits and busy codes
 * are retryable, everything else they refuse is final.
 */
public final class Sender {

  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private final HttpClient client =
      HttpClient.newBuilder()
          .connectTimeout(Duration.ofSeconds(5))
          .followRedirects(HttpClient.Redirect.NEVER)
          .build();
  private final DestinationGuard guard;

  public Sender(DestinationGuard guard) {
    this.guard = guard;
  }

  public Outcome send(ChannelType type, Message message) throws InterruptedException {
    try {
      String refusal = guard.refusal(message.uri());
      if (refusal != null) {
        return Outcome.refused("refused: " + refusal);
      }
    } catch (UnknownHostException e) {
      return Outcome.retry(message.uri().getHost() + " does not resolve");
    }
    HttpRequest.Builder request =
        HttpRequest.newBuilder(message.uri())
            .timeout(TIMEOUT)
            .header("Content-Type", "application/json; charset=utf-8")
            .POST(HttpRequest.BodyPublishers.ofString(message.body()));
    message.headers().forEach(request::header);
    HttpResponse<String> response;
    try {
      response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      return Outcome.retry(
          message.uri().getHost() + " unreachable: " + e.getClass().getSimpleName());
    }
    return classify(type, response.statusCode(), response.body());
  }

  static Outcome classify(ChannelType type, int status, String body) {
    String detail = "HTTP " + status;
    if (status == 408 || status == 429 || status >= 500) {
      return Outcome.retry(detail + " " + abbreviate(body));
    }
    if (status >= 300) {
      return Outcome.refused(detail + " " + abbreviate(body));
    }
    return ChannelFormats.of(type).answer(detail, body);
  }

  private static String abbreviate(String body) {
    String text = body == null ? "" : body.strip();
    return text.length() > 200 ? text.substring(0, 200) + "…" : text;
  }
}
