package dev.certflow.notifier.format;

import java.net.URI;
import java.util.Map;

/**
 * One HTTP POST to a channel, ready to send.
 *
 * @param uri where to (DingTalk's signature travels in the query)
 * @param headers the headers besides Content-Type
 * @param body the JSON body
 */
public record Message(URI uri, Map<String, String> headers, String body) {

  public Message {
    headers = Map.copyOf(headers);
  }
}
