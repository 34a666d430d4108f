package dev.certflow.agent.challenge;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The HTTP-01 tokens this node answers, token to key authorization. A token older than an hour is
 * no longer answered: a worker killed mid-order never removes its token, and no CA validates that
 * late.
 */
@ApplicationScoped
public class ChallengeStore {

  static final Duration MAX_AGE = Duration.ofHours(1);

  private record Entry(String keyAuthorization, Instant presentedAt) {}

  private final Map<String, Entry> tokens = new ConcurrentHashMap<>();

  public void present(String token, String keyAuthorization, Instant presentedAt) {
    tokens.put(token, new Entry(keyAuthorization, presentedAt));
  }

  public void remove(String token) {
    tokens.remove(token);
  }

  public void clear() {
    tokens.clear();
  }

  public Optional<String> keyAuthorization(String token) {
    Entry entry = tokens.get(token);
    return entry != null && fresh(entry) ? Optional.of(entry.keyAuthorization()) : Optional.empty();
  }

  public List<String> tokens() {
    tokens.values().removeIf(entry -> !fresh(entry));
    return tokens.keySet().stream().sorted().toList();
  }

  private static boolean fresh(Entry entry) {
    return entry.presentedAt().plus(MAX_AGE).isAfter(Instant.now());
  }
}
