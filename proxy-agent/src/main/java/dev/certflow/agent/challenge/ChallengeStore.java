package dev.certflow.agent.challenge;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** The HTTP-01 tokens this node answers, token to key authorization. */
@ApplicationScoped
public class ChallengeStore {

  private final Map<String, String> tokens = new ConcurrentHashMap<>();

  public void present(String token, String keyAuthorization) {
    tokens.put(token, keyAuthorization);
  }

  public void remove(String token) {
    tokens.remove(token);
  }

  public void clear() {
    tokens.clear();
  }

  public Optional<String> keyAuthorization(String token) {
    return Optional.ofNullable(tokens.get(token));
  }

  public List<String> tokens() {
    return tokens.keySet().stream().sorted().toList();
  }
}
