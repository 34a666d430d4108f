package dev.certflow.api.rest;

import java.util.List;

/**
 * A channel as clients send it. On a change, an absent {@code url} or {@code secret} keeps the
 * stored one (they are never shown back); an empty {@code secret} removes it.
 */
public record ChannelRequest(
    String name,
    String url,
    String type,
    List<String> categories,
    String secret,
    Boolean enabled) {}
