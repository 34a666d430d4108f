package dev.certflow.worker.challenge;

import dev.certflow.events.ChallengeToken;
import dev.certflow.events.Envelope;
import dev.certflow.events.EventJson;
import dev.certflow.events.EventType;
import dev.certflow.worker.acme.AcmeFailure;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.Record;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import org.eclipse.microprofile.reactive.messaging.Channel;

/**
 * Puts HTTP-01 tokens on the compacted challenges topic for every agent, and takes them off (a
 * tombstone), each acknowledged by Kafka before the order goes on.
 */
@ApplicationScoped
public class ChallengePublisher {

  private static final Duration TIMEOUT = Duration.ofSeconds(15);

  private final MutinyEmitter<Record<String, String>> challenges;

  ChallengePublisher(@Channel("challenges") MutinyEmitter<Record<String, String>> challenges) {
    this.challenges = challenges;
  }

  public void present(String token, String keyAuthorization, String orderId) throws AcmeFailure {
    send(
        token,
        EventJson.write(
            Envelope.of(
                EventType.CHALLENGE, new ChallengeToken(token, keyAuthorization, orderId))));
  }

  public void remove(String token) throws AcmeFailure {
    send(token, null);
  }

  private void send(String token, String value) throws AcmeFailure {
    try {
      challenges.send(Record.of(token, value)).await().atMost(TIMEOUT);
    } catch (RuntimeException e) {
      throw AcmeFailure.retryable(
          "certflow:kafka", "publishing the HTTP-01 token failed: " + e.getMessage());
    }
  }
}
