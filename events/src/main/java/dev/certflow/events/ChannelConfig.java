package dev.certflow.events;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * A notification channel as cert-api publishes it on the compacted channels topic (keyed by name; a
 * tombstone removes it). The URL and the secret are sealed under the notifier key with the
 * channel's name as associated data: chat webhook URLs carry their access token.
 *
 * @param name the channel's name
 * @param type a {@link ChannelType#id()}
 * @param sealedUrl the endpoint, sealed
 * @param sealedSecret the signing secret, sealed, or null
 * @param categories the alert categories it receives; empty for all
 * @param enabled whether it receives anything
 */
public record ChannelConfig(
    String name,
    String type,
    @JsonProperty("sealed_url") String sealedUrl,
    @JsonProperty("sealed_secret") String sealedSecret,
    List<String> categories,
    boolean enabled) {

  public ChannelConfig {
    categories = List.copyOf(categories);
  }
}
