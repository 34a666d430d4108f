package dev.certflow.api.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.List;

/**
 * A channel as the API shows it: the URL reduced to its scheme and host (chat webhook URLs carry
 * their token), whether a secret is set, never the secret.
 */
public record ChannelView(
    String name,
    String type,
    String url,
    List<String> categories,
    @JsonProperty("has_secret") boolean hasSecret,
    boolean enabled,
    @JsonProperty("created_at") Instant createdAt,
    @JsonProperty("updated_at") Instant updatedAt,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> warnings) {}
