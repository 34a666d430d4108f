package dev.certflow.worker.challenge;

import dev.certflow.events.ChallengeToken;
import dev.certflow.events.Envelope;
import dev.certflow.events.EventJson;
import dev.certflow.events.EventType;
import dev.certflow.security.RecordSignature;
import dev.certflow.worker.acme.AcmeFailure;
import dev.certflow.worker.config.WorkerConfig;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.Record;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.jboss.logging.Logger;

/**
 * Puts HTTP-01 tokens on the compacted challenges topic for every agent, and takes them off (a
 * tombstone), each acknowledged by Kafka before the order goes on.
 */
@ApplicationScoped
public class ChallengePublisher {

  private static final Duration TIMEOUT = Duration.ofSeconds(15);

  private static final Logger LOG = Logger.getLogger(ChallengePublisher.class);

  private final MutinyEmitter<Record<String, String>> challenges;
  private final RecordSignature.Signer signer;

  ChallengePublisher(
      @Channel("challenges") MutinyEmitter<Record<String, String>> challenges,
      WorkerConfig config) {
    this.challenges = challenges;
    this.signer =
        config
            .challengeSigningKey()
            .filter(k -> !k.isBlank())
            .map(RecordSignature.Signer::new)
            .orElse(null);
    if (signer == null) {
      LOG.warn(
          "CERTFLOW_CHALLENGE_SIGNING_KEY is not set: HTTP-01 tokens go out unsigned, and agents"
              + " that verify (CERTFLOW_CHALLENGE_SIGNING_PUBLIC_KEY) will not serve them");
    }
  }

  public void present(String token, String keyAuthorization, String orderId) throws AcmeFailure {
    send(
        token,
        EventJson.write(
            Envelope.of(
                EventType.CHALLENGE,
                new ChallengeToken(
                    token,
                    keyAuthorization,
                    orderId,
                    signer == null
                        ? null
                        : signer.sign(ChallengeToken.SIGNED_AS, token, 0, keyAuthorization)))));
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
